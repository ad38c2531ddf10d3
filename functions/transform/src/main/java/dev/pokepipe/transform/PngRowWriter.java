package dev.pokepipe.transform;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * The last streaming stage: writes each RGB row as it comes, Up-filtered as {@link PngEncoder} does
 * and deflated by {@link Deflater} into IDAT chunks, so the file is written while the image is still
 * being computed and never held whole. After the last row it writes IEND; {@link #close()} frees the
 * deflater's native memory whether or not the image was finished.
 */
final class PngRowWriter implements RowSink, AutoCloseable {

    private static final int IDAT_CHUNK = 1 << 16;

    private final OutputStream out;
    private final int rowBytes;
    private final int h;
    private final Deflater deflater;
    private final byte[] rows;
    private final byte[] filtered;
    private final byte[] buffer = new byte[IDAT_CHUNK];
    private int buffered;
    private int received;
    private long written;

    /** Writes the signature and IHDR of a {@code w × h} RGB PNG at once; the rows follow. */
    PngRowWriter(OutputStream out, int w, int h, int level) {
        this.out = out;
        this.rowBytes = w * 3;
        this.h = h;
        this.rows = new byte[2 * rowBytes];
        this.filtered = new byte[1 + rowBytes];
        this.deflater = new Deflater(level);
        deflater.setStrategy(Deflater.FILTERED);
        write(PngDecoder.SIGNATURE, 0, PngDecoder.SIGNATURE.length);
        chunk("IHDR", PngEncoder.header(w, h), 0, 13);
    }

    /** The bytes this writer holds on the heap for rows of {@code w} pixels (zlib's own are native). */
    static long bytes(int w) {
        return 9L * w + IDAT_CHUNK + 64;
    }

    /** The file's length so far: all of it once the last row is in. */
    long written() {
        return written;
    }

    @Override
    public void accept(byte[] row) {
        // The current row and the one above alternate between the two halves of rows.
        int at = (received & 1) * rowBytes;
        System.arraycopy(row, 0, rows, at, rowBytes);
        if (received == 0) {
            PngEncoder.filterRow(rows, 0, rowBytes, filtered, 0);
        } else {
            filtered[0] = PngEncoder.UP;
            for (int i = 0, above = rowBytes - at; i < rowBytes; i++) {
                filtered[1 + i] = (byte) (rows[at + i] - rows[above + i]);
            }
        }
        received++;
        deflater.setInput(filtered, 0, filtered.length);
        while (!deflater.needsInput()) {
            drain();
        }
        if (received == h) {
            deflater.finish();
            while (!deflater.finished()) {
                drain();
            }
            if (buffered > 0) {
                chunk("IDAT", buffer, 0, buffered);
            }
            chunk("IEND", buffer, 0, 0);
        }
    }

    private void drain() {
        buffered += deflater.deflate(buffer, buffered, buffer.length - buffered);
        if (buffered == buffer.length) {
            chunk("IDAT", buffer, 0, buffered);
            buffered = 0;
        }
    }

    private void chunk(String type, byte[] data, int off, int len) {
        try {
            writeChunk(out, type, data, off, len);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        written += 12 + len;
    }

    /** Writes one chunk: its length, type, {@code len} bytes of data and their CRC. */
    static void writeChunk(OutputStream out, String type, byte[] data, int off, int len) throws IOException {
        byte[] header = new byte[8];
        PngEncoder.putInt(header, 0, len);
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(typeBytes, 0, header, 4, 4);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data, off, len);
        out.write(header);
        out.write(data, off, len);
        byte[] trailer = new byte[4];
        PngEncoder.putInt(trailer, 0, (int) crc.getValue());
        out.write(trailer);
    }

    private void write(byte[] b, int off, int len) {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        written += len;
    }

    @Override
    public void close() {
        deflater.end();
    }
}
