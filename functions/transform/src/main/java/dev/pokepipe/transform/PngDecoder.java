package dev.pokepipe.transform;


import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes a PNG file into 8-bit RGB exactly as Pillow's {@code Image.open(...).convert('RGB')} does
 * (transform-spec §1): every colour type and bit depth, palettes with or without tRNS, Adam7
 * interlacing. Alpha is dropped, never composited; no gamma or colour management is applied.
 *
 * <p>Our own decoder rather than ImageIO: ImageIO's {@code getRGB} colour-converts gray images, it
 * reads 16-bit gray differently from Pillow, and it allocates before we can check the header against
 * our pixel cap. Every chunk's CRC is checked, and the header is checked against {@code maxPixels}
 * before any pixel buffer is allocated.
 */
public final class PngDecoder {

    static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private static final int[][] ADAM7 = {
            // xStart, yStart, xStep, yStep
            {0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2},
    };

    private static final int[] ADAM7_NONE = {0, 0, 1, 1};

    private final long maxPixels;
    private final boolean libdeflate;

    /** A decoder that refuses images whose header declares more than {@code maxPixels} pixels. */
    public PngDecoder(long maxPixels) {
        this(maxPixels, NativeDeflate.available());
    }

    /** A decoder that inflates with libdeflate only if {@code libdeflate} is true and it loaded, for tests of both paths. */
    PngDecoder(long maxPixels, boolean libdeflate) {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
        this.maxPixels = maxPixels;
        this.libdeflate = libdeflate && NativeDeflate.available();
    }

    /** True when {@code bytes} start with the 8-byte PNG signature. */
    public static boolean hasPngSignature(byte[] bytes) {
        return bytes.length >= SIGNATURE.length
                && Arrays.equals(bytes, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length);
    }

    /**
     * Reads only the header and returns it, checked against the limits.
     *
     * @throws InvalidPngException if the bytes are not a PNG, the header is malformed, or it
     *                               declares more pixels than allowed
     */
    public PngHeader readHeader(byte[] png) {
        return parse(png, false).header;
    }

    /**
     * Checks the whole file's structure without decompressing it: signature, every chunk's length
     * and CRC, the header against the limits, a palette where needed, image data and IEND.
     *
     * @return the header
     * @throws InvalidPngException naming the first problem found
     */
    public PngHeader verifyStructure(byte[] png) {
        return parse(png, true).header;
    }

    /**
     * Decodes {@code png} to RGB.
     *
     * @throws InvalidPngException if the file is not a PNG, is truncated, has a bad CRC, an
     *                               unsupported or inconsistent header, corrupt image data, or more
     *                               pixels than allowed
     */
    public RgbImage decode(byte[] png) {
        Parsed parsed = parse(png, true);
        PngHeader h = parsed.header;
        RgbImage out = RgbImage.blank(h.width(), h.height());
        if (libdeflate && decodeNative(png, parsed, out)) {
            return out;
        }
        Inflater inflater = new Inflater();
        try {
            IdatStream idat = new IdatStream(png, parsed.idatChunks, inflater);
            for (int[] pass : passes(h)) {
                decodeRows(null, 0, idat, h, parsed.palette, out, pass);
            }
        } finally {
            inflater.end();
        }
        return out;
    }

    /**
     * Decodes {@code png} without keeping its pixels, a row at a time as {@link #readRows} reads them:
     * whether it decodes, in the memory of a few scanlines (an Adam7 file's in one image).
     *
     * @return the header
     * @throws InvalidPngException as {@link #decode} does
     */
    public PngHeader check(byte[] png) {
        readRows(png, row -> { });
        return readHeader(png);
    }

    /**
     * Decodes {@code png} to RGB a row at a time, top to bottom, into {@code sink}: {@link Inflater} fed
     * one IDAT chunk at a time, each scanline unfiltered against the one above and converted, so only two
     * scanlines are held. An Adam7 file's rows are spread over seven passes, so it is decoded whole first.
     *
     * @throws InvalidPngException as {@link #decode} does
     */
    void readRows(byte[] png, RowSink sink) {
        Parsed parsed = parse(png, true);
        PngHeader h = parsed.header;
        int stride = h.width() * 3;
        if (h.interlaced()) {
            byte[] px = decode(png).pixels();
            byte[] row = new byte[stride];
            for (int y = 0; y < h.height(); y++) {
                System.arraycopy(px, y * stride, row, 0, stride);
                sink.accept(row);
            }
            return;
        }
        RgbImage row = RgbImage.blank(h.width(), 1);
        int rowBytes = rowBytes(h, h.width());
        int bpp = Math.max(1, h.bitDepth() * h.channels() / 8);
        byte[] prev = new byte[rowBytes];
        byte[] cur = new byte[rowBytes];
        byte[] filter = new byte[1];
        Inflater inflater = new Inflater();
        try {
            IdatStream idat = new IdatStream(png, parsed.idatChunks, inflater);
            for (int y = 0; y < h.height(); y++) {
                idat.readFully(filter, 1);
                idat.readFully(cur, rowBytes);
                PngRows.unfilter(filter[0], cur, 0, prev, 0, rowBytes, bpp);
                PngRows.convertRow(cur, 0, h, parsed.palette, row, 0, 0, 1, h.width());
                sink.accept(row.pixels());
                byte[] t = prev;
                prev = cur;
                cur = t;
            }
        } finally {
            inflater.end();
        }
    }

    /** The bytes {@link #decode} allocates for {@code h} besides the image itself, at most. */
    static long decodeBytes(PngHeader h, long fileBytes) {
        long raw = 0;
        for (int[] pass : passes(h)) {
            raw += (long) pass[5] * (1 + rowBytes(h, pass[4]));
        }
        return raw + fileBytes + 4L * rowBytes(h, h.width());
    }

    /** The bytes {@link #readRows} holds for a non-interlaced {@code h}. */
    static long streamingBytes(PngHeader h) {
        return 2L * rowBytes(h, h.width()) + 3L * h.width() + 64;
    }

    /**
     * Inflates the image data in one libdeflate call into a buffer of exactly the size the header
     * implies, then unfilters and converts it. False, with {@code out} to be written again, where the
     * stream is not exactly that long or not valid: the streaming inflater then decodes it or names the
     * problem as it always has.
     */
    private boolean decodeNative(byte[] png, Parsed parsed, RgbImage out) {
        PngHeader h = parsed.header;
        long size = 0;
        for (int[] pass : passes(h)) {
            size += (long) pass[5] * (1 + rowBytes(h, pass[4]));
        }
        if (size > Integer.MAX_VALUE - 8) {
            return false;
        }
        List<int[]> chunks = parsed.idatChunks;
        byte[] stream = png;
        int offset = chunks.get(0)[0];
        int length = chunks.get(0)[1];
        if (chunks.size() > 1) {
            long total = 0;
            for (int[] chunk : chunks) {
                total += chunk[1];
            }
            stream = new byte[(int) total];
            offset = 0;
            length = 0;
            for (int[] chunk : chunks) {
                System.arraycopy(png, chunk[0], stream, length, chunk[1]);
                length += chunk[1];
            }
        }
        byte[] raw = new byte[(int) size];
        if (!NativeDeflate.zlibDecompress(stream, offset, length, raw, raw.length)) {
            return false;
        }
        int at = 0;
        for (int[] pass : passes(h)) {
            at = decodeRows(raw, at, null, h, parsed.palette, out, pass);
        }
        return true;
    }

    /**
     * The passes to decode, each {@code xStart, yStart, xStep, yStep, pixels per row, rows}: Adam7's
     * seven (less the empty ones) or the whole image.
     */
    private static List<int[]> passes(PngHeader h) {
        List<int[]> passes = new ArrayList<>();
        for (int[] pass : h.interlaced() ? ADAM7 : new int[][]{ADAM7_NONE}) {
            int passWidth = (h.width() - pass[0] + pass[2] - 1) / pass[2];
            int passHeight = (h.height() - pass[1] + pass[3] - 1) / pass[3];
            if (passWidth > 0 && passHeight > 0) {
                passes.add(new int[]{pass[0], pass[1], pass[2], pass[3], passWidth, passHeight});
            }
        }
        return passes;
    }

    private static int rowBytes(PngHeader h, int rowPixels) {
        return (int) (((long) rowPixels * h.bitDepth() * h.channels() + 7) / 8);
    }

    /**
     * Unfilters and converts one pass's rows, read from {@code raw} at {@code at} (every row's filter
     * type byte, then its bytes) or, where {@code raw} is null, from {@code idat}.
     *
     * @return where the next pass starts in {@code raw}
     */
    private static int decodeRows(byte[] raw, int at, IdatStream idat, PngHeader h, byte[] palette, RgbImage out,
                                  int[] pass) {
        int rowPixels = pass[4];
        int rows = pass[5];
        int rowBytes = rowBytes(h, rowPixels);
        int bpp = Math.max(1, h.bitDepth() * h.channels() / 8);
        byte[] zero = new byte[rowBytes];
        byte[] prev = zero;
        int prevAt = 0;
        byte[] cur = raw == null ? new byte[rowBytes] : raw;
        byte[] filter = new byte[1];
        for (int r = 0; r < rows; r++) {
            int curAt;
            int type;
            if (raw != null) {
                type = raw[at];
                curAt = at + 1;
                at += 1 + rowBytes;
            } else {
                idat.readFully(filter, 1);
                idat.readFully(cur, rowBytes);
                type = filter[0];
                curAt = 0;
            }
            PngRows.unfilter(type, cur, curAt, prev, prevAt, rowBytes, bpp);
            PngRows.convertRow(cur, curAt, h, palette, out, pass[1] + r * pass[3], pass[0], pass[2], rowPixels);
            if (raw != null) {
                prev = raw;
                prevAt = curAt;
            } else {
                byte[] t = prev == zero ? new byte[rowBytes] : prev;
                prev = cur;
                cur = t;
            }
        }
        return at;
    }

    private record Parsed(PngHeader header, byte[] palette, List<int[]> idatChunks) {
    }

    private Parsed parse(byte[] png, boolean wantData) {
        if (!hasPngSignature(png)) {
            throw new InvalidPngException("not a PNG file: the first bytes are not the PNG signature");
        }
        int pos = SIGNATURE.length;
        PngHeader header = null;
        byte[] palette = null;
        List<int[]> idat = new ArrayList<>();
        boolean sawEnd = false;
        CRC32 crc = new CRC32();
        while (!sawEnd) {
            if (pos + 8 > png.length) {
                throw new InvalidPngException("truncated PNG: file ends before IEND, at byte " + png.length);
            }
            long length = readUint32(png, pos);
            String type = new String(png, pos + 4, 4, StandardCharsets.ISO_8859_1);
            if (length > Integer.MAX_VALUE || pos + 12 + length > png.length) {
                throw new InvalidPngException("truncated PNG: chunk " + type + " at byte " + pos
                        + " declares " + length + " bytes, past the end of the file");
            }
            int dataStart = pos + 8;
            int dataLength = (int) length;
            crc.reset();
            crc.update(png, pos + 4, 4 + dataLength);
            if (crc.getValue() != readUint32(png, dataStart + dataLength)) {
                throw new InvalidPngException("corrupt PNG: bad CRC in chunk " + type + " at byte " + pos);
            }
            if (header == null && !type.equals("IHDR")) {
                throw new InvalidPngException("corrupt PNG: the first chunk is " + type + ", not IHDR");
            }
            switch (type) {
                case "IHDR" -> {
                    if (header != null) {
                        throw new InvalidPngException("corrupt PNG: second IHDR chunk");
                    }
                    header = parseHeader(png, dataStart, dataLength);
                    if (!wantData) {
                        return new Parsed(header, null, idat);
                    }
                }
                case "PLTE" -> {
                    if (dataLength % 3 != 0 || dataLength == 0 || dataLength > 768) {
                        throw new InvalidPngException("corrupt PNG: PLTE chunk of " + dataLength + " bytes");
                    }
                    palette = Arrays.copyOfRange(png, dataStart, dataStart + dataLength);
                }
                case "IDAT" -> idat.add(new int[]{dataStart, dataLength});
                case "IEND" -> sawEnd = true;
                default -> {
                    if (Character.isUpperCase(type.charAt(0))) {
                        throw new InvalidPngException("unsupported PNG: unknown critical chunk " + type);
                    }
                }
            }
            pos = dataStart + dataLength + 4;
        }
        if (idat.isEmpty()) {
            throw new InvalidPngException("corrupt PNG: no IDAT chunk");
        }
        if (header.colorType() == 3 && palette == null) {
            throw new InvalidPngException("corrupt PNG: palette image without a PLTE chunk");
        }
        return new Parsed(header, palette == null ? new byte[0] : palette, idat);
    }

    private PngHeader parseHeader(byte[] png, int start, int length) {
        if (length != 13) {
            throw new InvalidPngException("corrupt PNG: IHDR chunk of " + length + " bytes, expected 13");
        }
        long width = readUint32(png, start);
        long height = readUint32(png, start + 4);
        int depth = png[start + 8] & 0xff;
        int colorType = png[start + 9] & 0xff;
        int compression = png[start + 10] & 0xff;
        int filterMethod = png[start + 11] & 0xff;
        int interlace = png[start + 12] & 0xff;
        if (width == 0 || height == 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            throw new InvalidPngException("corrupt PNG: image size " + width + "x" + height);
        }
        if (width * height > maxPixels) {
            throw new InvalidPngException("image too large: " + width + "x" + height + " = " + (width * height)
                    + " pixels, the limit is " + maxPixels);
        }
        boolean validDepth = switch (colorType) {
            case 0 -> depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
            case 3 -> depth == 1 || depth == 2 || depth == 4 || depth == 8;
            case 2, 4, 6 -> depth == 8 || depth == 16;
            default -> throw new InvalidPngException("corrupt PNG: unknown colour type " + colorType);
        };
        if (!validDepth) {
            throw new InvalidPngException("corrupt PNG: bit depth " + depth + " is not allowed for colour type "
                    + colorType);
        }
        if (compression != 0 || filterMethod != 0 || interlace > 1) {
            throw new InvalidPngException("unsupported PNG: compression " + compression + ", filter method "
                    + filterMethod + ", interlace " + interlace);
        }
        return new PngHeader((int) width, (int) height, depth, colorType, interlace == 1);
    }

    private static long readUint32(byte[] b, int at) {
        return ((b[at] & 0xffL) << 24) | ((b[at + 1] & 0xffL) << 16) | ((b[at + 2] & 0xffL) << 8) | (b[at + 3] & 0xffL);
    }

    /** The zlib stream spread over the IDAT chunks, inflated on demand. */
    private static final class IdatStream {
        private final byte[] png;
        private final List<int[]> chunks;
        private final Inflater inflater;
        private int next;

        IdatStream(byte[] png, List<int[]> chunks, Inflater inflater) {
            this.png = png;
            this.chunks = chunks;
            this.inflater = inflater;
        }

        void readFully(byte[] into, int length) {
            int done = 0;
            try {
                while (done < length) {
                    int n = inflater.inflate(into, done, length - done);
                    done += n;
                    if (n == 0) {
                        if (inflater.finished()) {
                            throw new InvalidPngException("corrupt PNG: image data ends early");
                        }
                        if (inflater.needsDictionary()) {
                            throw new InvalidPngException("corrupt PNG: zlib stream needs a preset dictionary");
                        }
                        if (inflater.needsInput()) {
                            if (next == chunks.size()) {
                                throw new InvalidPngException("truncated PNG: image data ends early");
                            }
                            int[] chunk = chunks.get(next++);
                            inflater.setInput(png, chunk[0], chunk[1]);
                        }
                    }
                }
            } catch (DataFormatException e) {
                throw new InvalidPngException("corrupt PNG: bad compressed image data (" + e.getMessage() + ")", e);
            }
        }
    }
}
