package dev.pokepipe.transform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes an {@link RgbImage} as an 8-bit truecolour PNG with only IHDR, IDAT and IEND, like Pillow's
 * output (transform-spec §9). Every scanline is filtered with Up (the byte above subtracted): on the
 * transform's smooth, resampled output that deflates smaller than the adaptive minimum-sum choice Pillow
 * and libpng make, at every level of both compressors, and it costs one subtraction per byte
 * (docs/benchmarks.md has the sizes). The pixels are the same whatever the filter; the deflate level is
 * configurable.
 */
public final class PngEncoder {

    /**
     * libdeflate's level 2: within 3 % of Pillow's level-9 files on the sample artwork, in less than half
     * the time of level 6.
     */
    public static final int DEFAULT_LEVEL = 2;
    /**
     * java.util.zip compresses much less at the low levels (22 % over Pillow's at level 2, 3 % at
     * level 4), so where libdeflate is not there, level 4 is the default.
     */
    public static final int DEFAULT_ZLIB_LEVEL = 4;

    /** The zlib path's IDAT chunk size; libdeflate's stream goes into a single IDAT. */
    private static final int IDAT_CHUNK = 1 << 16;
    /** PNG's Up filter type. */
    static final int UP = 2;
    /** Signature and IHDR chunk, then the IDAT chunk's length and type. */
    private static final int BEFORE_DATA = 8 + 25 + 8;
    /** The IDAT chunk's CRC and the IEND chunk. */
    private static final int AFTER_DATA = 4 + 12;

    private final int level;
    private final boolean libdeflate;

    public PngEncoder(int level) {
        this(level, NativeDeflate.available());
    }

    /** An encoder that uses libdeflate only if {@code libdeflate} is true and it loaded, for tests of both paths. */
    PngEncoder(int level, boolean libdeflate) {
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("deflate level must be 0..9, got " + level);
        }
        this.level = level;
        this.libdeflate = libdeflate && NativeDeflate.available();
    }

    public PngEncoder() {
        this(defaultLevel());
    }

    /** The deflate level this encoder writes with. */
    int level() {
        return level;
    }

    /** {@link #DEFAULT_LEVEL} where libdeflate is there, {@link #DEFAULT_ZLIB_LEVEL} where it is not. */
    public static int defaultLevel() {
        return NativeDeflate.available() ? DEFAULT_LEVEL : DEFAULT_ZLIB_LEVEL;
    }

    /** Encodes {@code image} and returns the PNG file's bytes. */
    public byte[] encode(RgbImage image) {
        return encode(image, RowBands.SEQUENTIAL);
    }

    /**
     * Encodes {@code image}, rows filtered in {@code bands}. With libdeflate ({@link NativeDeflate})
     * the filtered rows are compressed in one call, straight into the file's single IDAT chunk; without
     * it, one band streams rows into zlib, and several deflate the filtered data in as many parts, each
     * primed with the 32 KiB before it as its dictionary and ended with a sync flush, so the parts join
     * into one zlib stream (as pigz does).
     */
    public byte[] encode(RgbImage image, RowBands bands) {
        int w = image.width();
        int h = image.height();
        if (libdeflate) {
            byte[] png = encodeNative(filterAll(image, bands), w, h);
            if (png != null) {
                return png;
            }
        }
        if (bands.bands() == 1) {
            return encodeStreaming(image);
        }
        byte[] filtered = filterAll(image, bands);
        int line = w * 3 + 1;
        int parts = bands.bands();
        byte[][] deflated = new byte[parts][];
        bands.each(parts, k -> {
            int start = (int) ((long) h * k / parts) * line;
            int end = (int) ((long) h * (k + 1) / parts) * line;
            deflated[k] = deflatePart(filtered, start, end, k == parts - 1);
        });
        ByteArrayOutputStream zlib = new ByteArrayOutputStream(filtered.length / 4 + 1024);
        int flevel = level <= 1 ? 0 : level <= 5 ? 1 : level == 6 ? 2 : 3;
        int cmf = 0x78;
        int flg = flevel << 6;
        flg |= 31 - ((cmf << 8 | flg) % 31);
        zlib.write(cmf);
        zlib.write(flg);
        for (byte[] part : deflated) {
            zlib.writeBytes(part);
        }
        Adler32 adler = new Adler32();
        adler.update(filtered);
        byte[] checksum = new byte[4];
        putInt(checksum, 0, (int) adler.getValue());
        zlib.writeBytes(checksum);
        return png(w, h, zlib.toByteArray());
    }

    /** The whole file, libdeflate writing the zlib stream in place; null if it failed. */
    private byte[] encodeNative(byte[] filtered, int w, int h) {
        int bound = NativeDeflate.zlibCompressBound(filtered.length);
        if (bound < 0 || bound > Integer.MAX_VALUE - BEFORE_DATA - AFTER_DATA) {
            return null;
        }
        byte[] out = new byte[BEFORE_DATA + bound + AFTER_DATA];
        int n = NativeDeflate.zlibCompress(filtered, 0, filtered.length, level, out, BEFORE_DATA, bound);
        if (n <= 0) {
            return null;
        }
        System.arraycopy(PngDecoder.SIGNATURE, 0, out, 0, 8);
        putChunkFrame(out, 8, "IHDR", 13);
        System.arraycopy(header(w, h), 0, out, 16, 13);
        putCrc(out, 8, 13);
        putChunkFrame(out, BEFORE_DATA - 8, "IDAT", n);
        putCrc(out, BEFORE_DATA - 8, n);
        int end = BEFORE_DATA + n + 4;
        putChunkFrame(out, end, "IEND", 0);
        putCrc(out, end, 0);
        return Arrays.copyOf(out, end + 12);
    }

    /** Every row Up-filtered, type byte first, rows in bands. */
    private static byte[] filterAll(RgbImage image, RowBands bands) {
        int rowBytes = image.width() * 3;
        int line = rowBytes + 1;
        byte[] px = image.pixels();
        byte[] filtered = new byte[line * image.height()];
        bands.forEach(image.height(), (from, to) -> {
            for (int y = from; y < to; y++) {
                filterRow(px, y, rowBytes, filtered, y * line);
            }
        });
        return filtered;
    }

    /** Row {@code y} of {@code px} Up-filtered into {@code out} at {@code at}, type byte first. */
    static void filterRow(byte[] px, int y, int rowBytes, byte[] out, int at) {
        out[at] = UP;
        int row = y * rowBytes;
        if (y == 0) {
            System.arraycopy(px, 0, out, at + 1, rowBytes);
            return;
        }
        for (int i = 0, above = row - rowBytes; i < rowBytes; i++) {
            out[at + 1 + i] = (byte) (px[row + i] - px[above + i]);
        }
    }

    /** The PNG file around a complete zlib stream of the filtered rows. */
    private static byte[] png(int w, int h, byte[] stream) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(stream.length + 1024);
        out.writeBytes(PngDecoder.SIGNATURE);
        writeChunk(out, "IHDR", header(w, h), 0, 13);
        for (int off = 0; off < stream.length; off += IDAT_CHUNK) {
            writeChunk(out, "IDAT", stream, off, Math.min(IDAT_CHUNK, stream.length - off));
        }
        writeChunk(out, "IEND", new byte[0], 0, 0);
        return out.toByteArray();
    }

    /** Raw deflate of {@code data[start, end)}; all but the last part end byte-aligned and open. */
    private byte[] deflatePart(byte[] data, int start, int end, boolean last) {
        Deflater deflater = new Deflater(level, true);
        try {
            deflater.setStrategy(Deflater.FILTERED);
            if (start > 0) {
                int from = Math.max(0, start - 32 * 1024);
                deflater.setDictionary(data, from, start - from);
            }
            deflater.setInput(data, start, end - start);
            ByteArrayOutputStream out = new ByteArrayOutputStream((end - start) / 4 + 64);
            byte[] buffer = new byte[IDAT_CHUNK];
            if (last) {
                deflater.finish();
                while (!deflater.finished()) {
                    out.write(buffer, 0, deflater.deflate(buffer));
                }
            } else {
                while (!deflater.needsInput()) {
                    out.write(buffer, 0, deflater.deflate(buffer));
                }
                int n;
                do {
                    n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
                    out.write(buffer, 0, n);
                } while (n == buffer.length);
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** The IHDR data of a {@code w × h} 8-bit RGB image. */
    static byte[] header(int w, int h) {
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, w);
        putInt(ihdr, 4, h);
        ihdr[8] = 8;
        ihdr[9] = 2;
        return ihdr;
    }

    /** One band without libdeflate: rows filtered and streamed into zlib one at a time, as a large image is. */
    private byte[] encodeStreaming(RgbImage image) {
        int w = image.width();
        int rowBytes = w * 3;
        byte[] px = image.pixels();
        ByteArrayOutputStream out = new ByteArrayOutputStream(px.length / 4 + 1024);
        try (PngRowWriter rows = new PngRowWriter(out, w, image.height(), level)) {
            byte[] row = new byte[rowBytes];
            for (int y = 0; y < image.height(); y++) {
                System.arraycopy(px, y * rowBytes, row, 0, rowBytes);
                rows.accept(row);
            }
        }
        return out.toByteArray();
    }

    private static void writeChunk(ByteArrayOutputStream out, String type, byte[] data, int off, int len) {
        try {
            PngRowWriter.writeChunk(out, type, data, off, len);
        } catch (IOException e) {
            throw new UncheckedIOException("a byte array cannot fail to be written", e);
        }
    }

    /** A chunk's length and type at {@code at}; its data follows. */
    private static void putChunkFrame(byte[] b, int at, String type, int length) {
        putInt(b, at, length);
        for (int i = 0; i < 4; i++) {
            b[at + 4 + i] = (byte) type.charAt(i);
        }
    }

    /** The CRC of the chunk framed at {@code at} with {@code length} data bytes, written after its data. */
    private static void putCrc(byte[] b, int at, int length) {
        CRC32 crc = new CRC32();
        crc.update(b, at + 4, 4 + length);
        putInt(b, at + 8 + length, (int) crc.getValue());
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
