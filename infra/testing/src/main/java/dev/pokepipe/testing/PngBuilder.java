package dev.pokepipe.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Builds small, possibly broken, PNG files byte by byte for decoder tests. */
public final class PngBuilder {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public PngBuilder() {
        out.writeBytes(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    }

    public PngBuilder header(long width, long height, int depth, int colorType) {
        byte[] d = new byte[13];
        putInt(d, 0, (int) width);
        putInt(d, 4, (int) height);
        d[8] = (byte) depth;
        d[9] = (byte) colorType;
        return chunk("IHDR", d);
    }

    /** One IDAT with {@code rawScanlines} (filter bytes included) deflated. */
    public PngBuilder imageData(byte[] rawScanlines) {
        Deflater deflater = new Deflater();
        deflater.setInput(rawScanlines);
        deflater.finish();
        byte[] buf = new byte[rawScanlines.length + 64];
        int n = deflater.deflate(buf);
        deflater.end();
        byte[] data = new byte[n];
        System.arraycopy(buf, 0, data, 0, n);
        return chunk("IDAT", data);
    }

    public PngBuilder chunk(String type, byte[] data) {
        byte[] len = new byte[4];
        putInt(len, 0, data.length);
        out.writeBytes(len);
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        byte[] c = new byte[4];
        putInt(c, 0, (int) crc.getValue());
        out.writeBytes(c);
        return this;
    }

    public byte[] end() {
        chunk("IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
