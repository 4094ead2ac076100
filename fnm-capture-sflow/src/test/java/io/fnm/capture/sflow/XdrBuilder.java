package io.fnm.capture.sflow;

import java.io.ByteArrayOutputStream;

/**
 * Builds XDR (big-endian, 4-byte aligned) byte sequences for hand-made sFlow datagrams.
 */
final class XdrBuilder
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    XdrBuilder u32(final long... values)
    {
        for (final long value : values)
        {
            out.write((int)(value >>> 24));
            out.write((int)(value >>> 16));
            out.write((int)(value >>> 8));
            out.write((int)value);
        }
        return this;
    }

    XdrBuilder u64(final long value)
    {
        return u32(value >>> 32, value & 0xFFFF_FFFFL);
    }

    XdrBuilder bytes(final byte[] bytes)
    {
        out.write(bytes, 0, bytes.length);
        for (int i = bytes.length; i % 4 != 0; i++)
        {
            out.write(0);
        }
        return this;
    }

    /** A length-prefixed block: format, length, body. */
    XdrBuilder block(final long format, final byte[] body)
    {
        return u32(format, body.length).bytes(body);
    }

    byte[] build()
    {
        return out.toByteArray();
    }

    static byte[] hex(final String text)
    {
        final String clean = text.replaceAll("\\s", "");
        final byte[] bytes = new byte[clean.length() / 2];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)Integer.parseInt(clean.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    /** Ethernet / IPv4 10.0.0.1 > 10.0.0.2 / TCP 1234 > 80 SYN, 54 bytes. */
    static byte[] ethernetIpv4Tcp()
    {
        return hex("020000000001 020000000002 0800" +
            "4500002800000000 40060000 0a000001 0a000002" +
            "04d2 0050 00000001 00000000 5002 ffff 00000000");
    }

    /** v5 datagram header from agent 192.0.2.1 with the given samples. */
    static byte[] datagram(final byte[]... samples)
    {
        final XdrBuilder builder = new XdrBuilder().u32(5, 1, 0xC0000201L, 0, 1, 1000, samples.length);
        for (final byte[] sample : samples)
        {
            builder.bytes(sample);
        }
        return builder.build();
    }

    static byte[] rawHeaderRecord(final long protocol, final long frameLength, final byte[] header)
    {
        return new XdrBuilder().block(1,
            new XdrBuilder().u32(protocol, frameLength, 4, header.length).bytes(header).build()).build();
    }

    static byte[] flowSample(final long rate, final long input, final long output, final byte[]... records)
    {
        final XdrBuilder body = new XdrBuilder().u32(1, 7, rate, 1000, 0, input, output, records.length);
        for (final byte[] record : records)
        {
            body.bytes(record);
        }
        return new XdrBuilder().block(1, body.build()).build();
    }
}
