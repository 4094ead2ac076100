/*
 * A stand-in for /dev/netmap, built by NetmapStub (the tests) with gcc: open, ioctl(NIOCCTRL), mmap, munmap, poll and
 * close under the prefix netmap_stub_, laying out netmap API 14's shared memory (nmreq_header, nmreq_register,
 * netmap_if with ring_ofs[], netmap_ring with slots from byte 256, buffers) over in-memory frames the test adds.
 * 1 TX ring, 2 RX rings of 64 slots; the interface sits 4096 bytes into the memory (nr_offset). It proves the request
 * layout, the ring walk and the head/cur/tail protocol without the netmap kernel module; it is not netmap.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NIOCCTRL 0xC0586997UL
#define SLOTS 64
#define BUF_SIZE 2048
#define TX_RINGS 1
#define RX_RINGS 2
#define NIFP_OFFSET 4096
#define RING_BYTES (256 + 16 * SLOTS)

static unsigned char *memory;
static size_t memory_size;
static size_t ring_offsets[TX_RINGS + RX_RINGS];
static unsigned int next_ring;
static uint64_t dropped;
static char calls[4096];

static void log_call(const char *text)
{
    strncat(calls, text, sizeof(calls) - strlen(calls) - 1);
    strncat(calls, ";", sizeof(calls) - strlen(calls) - 1);
}

static unsigned char *ring_at(int i)
{
    return memory + NIFP_OFFSET + ring_offsets[i];
}

static uint32_t *u32(unsigned char *base, size_t offset)
{
    return (uint32_t *)(base + offset);
}

void netmap_stub_reset(void)
{
    free(memory);
    memory = NULL;
    next_ring = 0;
    dropped = 0;
    calls[0] = 0;
}

const char *netmap_stub_calls(void)
{
    return calls;
}

uint64_t netmap_stub_dropped(void)
{
    return dropped;
}

int netmap_stub_open(const char *path, int flags)
{
    char text[128];
    snprintf(text, sizeof(text), "open %s %d", path, flags);
    log_call(text);
    return 42;
}

static void lay_out(const char *name)
{
    size_t rings = NIFP_OFFSET + 4096;
    size_t buffers = rings + (TX_RINGS + RX_RINGS) * RING_BYTES;
    memory_size = buffers + (size_t)(TX_RINGS + RX_RINGS) * SLOTS * BUF_SIZE;
    if (posix_memalign((void **)&memory, 4096, memory_size) != 0)
    {
        abort();
    }
    memset(memory, 0, memory_size);
    unsigned char *nifp = memory + NIFP_OFFSET;
    strncpy((char *)nifp, name, 15);
    *u32(nifp, 16) = 14;
    *u32(nifp, 24) = TX_RINGS;
    *u32(nifp, 28) = RX_RINGS;
    for (int i = 0; i < TX_RINGS + RX_RINGS; i++)
    {
        size_t ring = rings + i * RING_BYTES;
        ring_offsets[i] = ring - NIFP_OFFSET;
        *(int64_t *)(nifp + 56 + 8 * i) = (int64_t)ring_offsets[i];
        unsigned char *r = memory + ring;
        *(int64_t *)r = (int64_t)(buffers - ring);
        *u32(r, 8) = SLOTS;
        *u32(r, 12) = BUF_SIZE;
        for (int s = 0; s < SLOTS; s++)
        {
            *u32(r, 256 + 16 * s) = i * SLOTS + s;
        }
    }
}

int netmap_stub_ioctl(int fd, unsigned long request, void *arg)
{
    unsigned char *header = arg;
    char text[256];
    if (fd != 42 || request != NIOCCTRL || *(uint16_t *)header != 14 || *(uint16_t *)(header + 2) != 1)
    {
        errno = EINVAL;
        return -1;
    }
    unsigned char *body = (unsigned char *)(uintptr_t)*(uint64_t *)(header + 80);
    const char *name = (const char *)(header + 8);
    snprintf(text, sizeof(text), "register %s mode %u flags 0x%llx", name, *u32(body, 36),
        (unsigned long long)*(uint64_t *)(body + 48));
    log_call(text);
    if (strncmp(name, "missing", 7) == 0)
    {
        errno = ENXIO;
        return -1;
    }
    lay_out(name);
    *(uint64_t *)body = NIFP_OFFSET;
    *(uint64_t *)(body + 8) = memory_size;
    *u32(body, 16) = SLOTS;
    *u32(body, 20) = SLOTS;
    *(uint16_t *)(body + 24) = TX_RINGS;
    *(uint16_t *)(body + 26) = RX_RINGS;
    return 0;
}

void *netmap_stub_mmap(void *address, size_t length, int prot, int flags, int fd, long offset)
{
    log_call("mmap");
    if (fd != 42 || length != memory_size || offset != 0 || memory == NULL)
    {
        errno = EINVAL;
        return (void *)-1;
    }
    return memory;
}

int netmap_stub_munmap(void *address, size_t length)
{
    log_call("munmap");
    return address == memory && length == memory_size ? 0 : -1;
}

int netmap_stub_close(int fd)
{
    log_call("close");
    return fd == 42 ? 0 : -1;
}

/* Queue a frame on the RX rings in turn, its slot saying len = slot_length whatever the bytes (a NIC or a kernel that
 * lies about the length); 0 (and a drop) when that ring is full, as a NIC would. */
int netmap_stub_add_frame_with_slot_length(const unsigned char *data, uint32_t length, uint32_t slot_length)
{
    if (memory == NULL || length > BUF_SIZE)
    {
        return 0;
    }
    unsigned char *r = ring_at(TX_RINGS + (next_ring++ % RX_RINGS));
    uint32_t head = __atomic_load_n(u32(r, 20), __ATOMIC_ACQUIRE);
    uint32_t tail = *u32(r, 28);
    uint32_t next = tail + 1 == SLOTS ? 0 : tail + 1;
    if (next == head)
    {
        dropped++;
        return 0;
    }
    unsigned char *slot = r + 256 + 16 * tail;
    unsigned char *buffer = r + *(int64_t *)r + (size_t)*u32(slot, 0) * BUF_SIZE;
    memcpy(buffer, data, length);
    *(uint16_t *)(slot + 4) = (uint16_t)slot_length;
    __atomic_store_n(u32(r, 28), next, __ATOMIC_RELEASE);
    return 1;
}

/* Queue a frame on the RX rings in turn, its slot giving its true length. */
int netmap_stub_add_frame(const unsigned char *data, uint32_t length)
{
    return netmap_stub_add_frame_with_slot_length(data, length, length);
}

int netmap_stub_poll(void *fds, unsigned long count, int timeout)
{
    for (int waited = 0; ; waited++)
    {
        for (int i = TX_RINGS; memory != NULL && i < TX_RINGS + RX_RINGS; i++)
        {
            unsigned char *r = ring_at(i);
            if (*u32(r, 24) != __atomic_load_n(u32(r, 28), __ATOMIC_ACQUIRE))
            {
                return 1;
            }
        }
        if (waited >= timeout)
        {
            return 0;
        }
        usleep(1000);
    }
}
