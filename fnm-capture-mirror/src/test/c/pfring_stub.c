/*
 * A stand-in for PF_RING's libpfring, built by PfRingStub (the tests) with gcc: the subset of pfring.h the binding
 * calls, with PF_RING's signatures and struct layouts (x86_64), over an in-memory queue of frames the test fills
 * through pfring_stub_* calls. It proves the call sequence, the pkthdr/stat offsets and the zero-copy pointer
 * semantics without the pf_ring kernel module; it is not PF_RING.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#define MAX_FRAMES 8192
#define MAX_FRAME 2048

struct pfring_pkthdr { struct timeval ts; uint32_t caplen; uint32_t len; unsigned char extended[64]; };
typedef struct { uint64_t recv; uint64_t drop; uint64_t shunt; } pfring_stat;
typedef struct { int enabled; volatile int break_loop; uint32_t caplen; } pfring;

static pfring ring;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char frames[MAX_FRAMES][MAX_FRAME];
static uint32_t lengths[MAX_FRAMES];
static uint32_t header_caplens[MAX_FRAMES];
static int lying[MAX_FRAMES];
static long seconds[MAX_FRAMES];
static long micros[MAX_FRAMES];
static unsigned int head;
static unsigned int tail;
static unsigned char current[MAX_FRAME];
static uint64_t received;
static uint64_t dropped;
static char calls[4096];

static void log_call(const char *text)
{
    pthread_mutex_lock(&lock);
    strncat(calls, text, sizeof(calls) - strlen(calls) - 1);
    strncat(calls, ";", sizeof(calls) - strlen(calls) - 1);
    pthread_mutex_unlock(&lock);
}

void pfring_stub_reset(void)
{
    pthread_mutex_lock(&lock);
    head = tail = 0;
    received = dropped = 0;
    calls[0] = 0;
    memset(&ring, 0, sizeof(ring));
    pthread_mutex_unlock(&lock);
}

static int add_frame(const unsigned char *data, uint32_t length, int lies, uint32_t header_caplen, long sec,
    long usec)
{
    int added = 0;
    pthread_mutex_lock(&lock);
    if (tail - head < MAX_FRAMES && length <= MAX_FRAME)
    {
        unsigned int slot = tail % MAX_FRAMES;
        memcpy(frames[slot], data, length);
        lengths[slot] = length;
        lying[slot] = lies;
        header_caplens[slot] = header_caplen;
        seconds[slot] = sec;
        micros[slot] = usec;
        tail++;
        added = 1;
    }
    pthread_mutex_unlock(&lock);
    return added;
}

int pfring_stub_add_frame(const unsigned char *data, uint32_t length, long sec, long usec)
{
    return add_frame(data, length, 0, 0, sec, usec);
}

/* Queue a frame whose pkthdr will say caplen = header_caplen (any value, however far past the bytes) and
 * len = length: a ring that lies about the captured length. The bytes behind the pointer stay the real ones. */
int pfring_stub_add_frame_with_caplen(const unsigned char *data, uint32_t length, uint32_t header_caplen, long sec,
    long usec)
{
    return add_frame(data, length, 1, header_caplen, sec, usec);
}

void pfring_stub_set_drops(uint64_t drops)
{
    pthread_mutex_lock(&lock);
    dropped = drops;
    pthread_mutex_unlock(&lock);
}

const char *pfring_stub_calls(void)
{
    return calls;
}

pfring *pfring_open(const char *device, uint32_t caplen, uint32_t flags)
{
    char text[256];
    snprintf(text, sizeof(text), "open %s %u 0x%x", device, caplen, flags);
    log_call(text);
    if (strncmp(device, "missing", 7) == 0)
    {
        return NULL;
    }
    ring.caplen = caplen;
    ring.break_loop = 0;
    return &ring;
}

int pfring_set_application_name(pfring *r, char *name)
{
    char text[128];
    snprintf(text, sizeof(text), "name %s", name);
    log_call(text);
    return r == &ring ? 0 : -1;
}

int pfring_set_socket_mode(pfring *r, int mode)
{
    char text[64];
    snprintf(text, sizeof(text), "mode %d", mode);
    log_call(text);
    return r == &ring ? 0 : -1;
}

int pfring_enable_ring(pfring *r)
{
    log_call("enable");
    r->enabled = 1;
    return 0;
}

int pfring_recv(pfring *r, unsigned char **buffer, unsigned int buffer_len, struct pfring_pkthdr *hdr, uint8_t wait)
{
    if (!r->enabled)
    {
        return -1;
    }
    while (1)
    {
        pthread_mutex_lock(&lock);
        if (head != tail)
        {
            unsigned int slot = head % MAX_FRAMES;
            uint32_t caplen = lengths[slot] < r->caplen ? lengths[slot] : r->caplen;
            memcpy(current, frames[slot], caplen);
            hdr->ts.tv_sec = seconds[slot];
            hdr->ts.tv_usec = micros[slot];
            hdr->caplen = lying[slot] ? header_caplens[slot] : caplen;
            hdr->len = lengths[slot];
            head++;
            received++;
            pthread_mutex_unlock(&lock);
            if (buffer_len == 0)
            {
                *buffer = current;
            }
            else
            {
                memcpy(*buffer, current, caplen < buffer_len ? caplen : buffer_len);
            }
            return 1;
        }
        pthread_mutex_unlock(&lock);
        if (!wait || r->break_loop)
        {
            r->break_loop = 0;
            return 0;
        }
        usleep(1000);
    }
}

int pfring_stats(pfring *r, pfring_stat *stats)
{
    pthread_mutex_lock(&lock);
    stats->recv = received;
    stats->drop = dropped;
    stats->shunt = 0;
    pthread_mutex_unlock(&lock);
    return r == &ring ? 0 : -1;
}

void pfring_breakloop(pfring *r)
{
    r->break_loop = 1;
}

void pfring_close(pfring *r)
{
    log_call("close");
    r->enabled = 0;
}
