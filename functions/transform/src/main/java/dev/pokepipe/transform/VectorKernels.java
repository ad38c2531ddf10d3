package dev.pokepipe.transform;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import static jdk.incubator.vector.VectorOperators.B2I;
import static jdk.incubator.vector.VectorOperators.I2B;

/**
 * The blurs', resizes' and fused contrast/edge/invert pass's inner loops on the JDK's Vector API, with
 * the same int arithmetic (wrapping, shifts, clamps) as the scalar loops and so the same bytes. A
 * vertical pass computes a row many columns at a time; the blurs' horizontal passes run as vertical
 * ones on the image turned on its side ({@link PixelTranspose}), the resizes' as whole-pixel shifts of
 * a row ({@link LanczosRoundTrip}) or a vector's width of rows turned on their side. Only touched when
 * {@link Kernels#VECTOR} was chosen, i.e. when {@code jdk.incubator.vector} is in the boot layer.
 *
 * <p>The loops with many loads write each load and store out instead of calling {@link #widen} and
 * {@link #narrow}: once a C2 compile has created {@code NodeCountInliningCutoff} (18,000) nodes, C2
 * inlines only methods marked {@code @ForceInline}, as the Vector API's are, and a vector handed to a
 * call that is not inlined is boxed, an object and an array for every vector (docs/transform.md).
 */
final class VectorKernels {

    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    /** As many bytes as {@link #INTS} has lanes, so one byte load widens into one int vector. */
    private static final VectorSpecies<Byte> BYTES =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, INTS.vectorBitSize() / 4)));

    private VectorKernels() {
    }

    /** Whether this CPU's vectors are wide enough for the passes to gain (AVX2 and up: 8 int lanes or more). */
    static boolean worthwhile() {
        return INTS.vectorBitSize() >= 256 && BYTES.length() == INTS.length();
    }

    /**
     * One output row of a vertical Lanczos pass: {@code dst[out + i] = clip8(half + Σ weights[kBase + t] ·
     * src[first + t·stride + i])} for every byte {@code i} of the row.
     */
    static void weightedRow(byte[] src, int first, int stride, int[] weights, int kBase, int taps, int precisionBits,
                            byte[] dst, int out) {
        int half = 1 << (precisionBits - 1);
        int lanes = INTS.length();
        int i = 0;
        if (taps == 6 || taps == 12) {
            int[] offsets = new int[taps];
            for (int t = 0; t < taps; t++) {
                offsets[t] = first + t * stride;
            }
            i = taps == 6
                    ? sixTaps(src, 0, offsets, weights, kBase, precisionBits, dst, out, 0, stride)
                    : twelveTaps(src, 0, offsets, weights, kBase, precisionBits, dst, out, 0, stride);
        }
        for (; i + lanes <= stride; i += lanes) {
            IntVector acc = IntVector.broadcast(INTS, half);
            for (int t = 0, row = first + i; t < taps; t++, row += stride) {
                acc = acc.add(widen(src, row).mul(weights[kBase + t]));
            }
            narrow(acc.lanewise(VectorOperators.ASHR, precisionBits).max(0).min(255), dst, out + i);
        }
        for (; i < stride; i++) {
            int acc = half;
            for (int t = 0, row = first + i; t < taps; t++, row += stride) {
                acc += weights[kBase + t] * (src[row] & 0xff);
            }
            int v = acc >> precisionBits;
            dst[out + i] = (byte) (v < 0 ? 0 : Math.min(v, 255));
        }
    }

    /**
     * Bytes {@code [from, to)} of one phase of a horizontal Lanczos pass ({@link LanczosRoundTrip}):
     * {@code dst[out + j] = clip8(half + Σ weights[t] · src[in + j + offsets[t]])}, every tap a whole-pixel
     * shift of the row, so a vector of neighbouring bytes at a time.
     */
    static void shiftedTaps(byte[] src, int in, int[] offsets, int[] weights, int taps, int precisionBits,
                            byte[] dst, int out, int from, int to) {
        int half = 1 << (precisionBits - 1);
        int lanes = INTS.length();
        int j = from;
        if (taps == 6) {
            j = sixTaps(src, in, offsets, weights, 0, precisionBits, dst, out, from, to);
        } else if (taps == 12) {
            j = twelveTaps(src, in, offsets, weights, 0, precisionBits, dst, out, from, to);
        }
        for (; j + lanes <= to; j += lanes) {
            IntVector acc = IntVector.broadcast(INTS, half);
            for (int t = 0; t < taps; t++) {
                acc = acc.add(widen(src, in + j + offsets[t]).mul(weights[t]));
            }
            narrow(acc.lanewise(VectorOperators.ASHR, precisionBits).max(0).min(255), dst, out + j);
        }
        for (; j < to; j++) {
            int acc = half;
            for (int t = 0; t < taps; t++) {
                acc += weights[t] * (src[in + j + offsets[t]] & 0xff);
            }
            int v = acc >> precisionBits;
            dst[out + j] = (byte) (v < 0 ? 0 : Math.min(v, 255));
        }
    }

    /**
     * {@code dst[out + j] = clip8(half + Σ weights[kBase + t] · src[in + j + offsets[t]])} over six taps,
     * written out so the weights stay in registers, for whole vectors of {@code j} in {@code [from, to)}.
     *
     * @return the first {@code j} not done
     */
    private static int sixTaps(byte[] src, int in, int[] offsets, int[] weights, int kBase, int precisionBits,
                               byte[] dst, int out, int from, int to) {
        int lanes = INTS.length();
        int half = 1 << (precisionBits - 1);
        int w0 = weights[kBase], w1 = weights[kBase + 1], w2 = weights[kBase + 2];
        int w3 = weights[kBase + 3], w4 = weights[kBase + 4], w5 = weights[kBase + 5];
        int s0 = in + offsets[0], s1 = in + offsets[1], s2 = in + offsets[2];
        int s3 = in + offsets[3], s4 = in + offsets[4], s5 = in + offsets[5];
        int j = from;
        for (; j + lanes <= to; j += lanes) {
            IntVector b0 = ((IntVector) ByteVector.fromArray(BYTES, src, s0 + j).convertShape(B2I, INTS, 0)).and(0xff);
            IntVector b1 = ((IntVector) ByteVector.fromArray(BYTES, src, s1 + j).convertShape(B2I, INTS, 0)).and(0xff);
            IntVector b2 = ((IntVector) ByteVector.fromArray(BYTES, src, s2 + j).convertShape(B2I, INTS, 0)).and(0xff);
            IntVector b3 = ((IntVector) ByteVector.fromArray(BYTES, src, s3 + j).convertShape(B2I, INTS, 0)).and(0xff);
            IntVector b4 = ((IntVector) ByteVector.fromArray(BYTES, src, s4 + j).convertShape(B2I, INTS, 0)).and(0xff);
            IntVector b5 = ((IntVector) ByteVector.fromArray(BYTES, src, s5 + j).convertShape(B2I, INTS, 0)).and(0xff);
            IntVector acc = b0.mul(w0).add(half).add(b1.mul(w1)).add(b2.mul(w2)).add(b3.mul(w3)).add(b4.mul(w4))
                    .add(b5.mul(w5));
            IntVector clipped = acc.lanewise(VectorOperators.ASHR, precisionBits).max(0).min(255);
            ((ByteVector) clipped.convertShape(I2B, BYTES, 0)).intoArray(dst, out + j);
        }
        return j;
    }

    /**
     * As {@link #sixTaps} over twelve. The twelve taps of a 2x downscale are symmetric about the
     * centre: then each weight multiplies the sum of its two bytes, six multiplications instead of
     * twelve, and the same integer sum.
     */
    private static int twelveTaps(byte[] src, int in, int[] offsets, int[] weights, int kBase, int precisionBits,
                                  byte[] dst, int out, int from, int to) {
        int lanes = INTS.length();
        int half = 1 << (precisionBits - 1);
        boolean symmetric = true;
        for (int t = 0; t < 6; t++) {
            symmetric &= weights[kBase + t] == weights[kBase + 11 - t];
        }
        if (!symmetric) {
            return from;
        }
        int[] pairs = new int[12];
        for (int t = 0; t < 12; t++) {
            pairs[t] = in + offsets[t];
        }
        int j = from;
        for (; j + lanes <= to; j += lanes) {
            IntVector acc = IntVector.broadcast(INTS, half);
            for (int t = 0; t < 6; t++) {
                IntVector left = ((IntVector) ByteVector.fromArray(BYTES, src, pairs[t] + j)
                        .convertShape(B2I, INTS, 0)).and(0xff);
                IntVector right = ((IntVector) ByteVector.fromArray(BYTES, src, pairs[11 - t] + j)
                        .convertShape(B2I, INTS, 0)).and(0xff);
                acc = acc.add(left.add(right).mul(weights[kBase + t]));
            }
            IntVector clipped = acc.lanewise(VectorOperators.ASHR, precisionBits).max(0).min(255);
            ((ByteVector) clipped.convertShape(I2B, BYTES, 0)).intoArray(dst, out + j);
        }
        return j;
    }

    /**
     * Output rows {@code [fromRow, toRow)} of a horizontal Lanczos pass. A row's taps sit side by side,
     * so rows are taken a vector's width at a time and turned on their side (byte {@code b} of row
     * {@code j} at {@code b·lanes + j}); then one vector holds the same column of every row, and each
     * output byte of all of them is one weighted sum of whole vectors. Rows left over go to {@code rest}.
     */
    static void horizontalRows(byte[] src, int inStride, byte[] dst, int outPixels, int[] firsts, int[] counts,
                               int[] weights, int kStride, int precisionBits, int fromRow, int toRow,
                               RowBands.Band rest) {
        int lanes = INTS.length();
        int outStride = outPixels * 3;
        int half = 1 << (precisionBits - 1);
        byte[] block = new byte[inStride * lanes];
        byte[] outBlock = new byte[outStride * lanes];
        int y = fromRow;
        for (; y + lanes <= toRow; y += lanes) {
            for (int j = 0; j < lanes; j++) {
                for (int b = 0, row = (y + j) * inStride; b < inStride; b++) {
                    block[b * lanes + j] = src[row + b];
                }
            }
            for (int x = 0; x < outPixels; x++) {
                int taps = counts[x];
                int kBase = x * kStride;
                for (int c = 0; c < 3; c++) {
                    IntVector acc = IntVector.broadcast(INTS, half);
                    for (int t = 0, at = ((firsts[x] * 3) + c) * lanes; t < taps; t++, at += 3 * lanes) {
                        acc = acc.add(widen(block, at).mul(weights[kBase + t]));
                    }
                    narrow(acc.lanewise(VectorOperators.ASHR, precisionBits).max(0).min(255), outBlock,
                            (x * 3 + c) * lanes);
                }
            }
            for (int j = 0; j < lanes; j++) {
                for (int b = 0, row = (y + j) * outStride; b < outStride; b++) {
                    dst[row + b] = outBlock[b * lanes + j];
                }
            }
        }
        if (y < toRow) {
            rest.run(y, toRow);
        }
    }

    /**
     * One output row of a vertical box-blur pass over bytes {@code [from, to)}: writes the blurred row
     * at {@code out} from the running column sums, then slides the sums down one row.
     */
    static void boxRow(byte[] src, byte[] dst, int[] sums, int leaving, int entering, int dropped, int out,
                       int from, int to, int innerWeight, int edgeWeight, int half) {
        int lanes = INTS.length();
        int i = from;
        for (; i + lanes <= to; i += lanes) {
            IntVector sum = IntVector.fromArray(INTS, sums, i);
            IntVector in = ((IntVector) ByteVector.fromArray(BYTES, src, entering + i).convertShape(B2I, INTS, 0))
                    .and(0xff);
            IntVector left = ((IntVector) ByteVector.fromArray(BYTES, src, leaving + i).convertShape(B2I, INTS, 0))
                    .and(0xff);
            IntVector gone = ((IntVector) ByteVector.fromArray(BYTES, src, dropped + i).convertShape(B2I, INTS, 0))
                    .and(0xff);
            IntVector blurred = sum.mul(innerWeight).add(left.add(in).mul(edgeWeight)).add(half)
                    .lanewise(VectorOperators.LSHR, 24);
            ((ByteVector) blurred.convertShape(I2B, BYTES, 0)).intoArray(dst, out + i);
            sum.add(in).sub(gone).intoArray(sums, i);
        }
        for (; i < to; i++) {
            int in = src[entering + i] & 0xff;
            dst[out + i] = (byte) ((sums[i] * innerWeight + ((src[leaving + i] & 0xff) + in) * edgeWeight + half) >>> 24);
            sums[i] += in - (src[dropped + i] & 0xff);
        }
    }

    /** {@link ContrastEdgeInvert#contrast} of {@code n} bytes of {@code src} from {@code at} into {@code dst}. */
    static void contrastRow(byte[] src, int at, int n, int mean, byte[] dst) {
        int lanes = INTS.length();
        int i = 0;
        for (; i + lanes <= n; i += lanes) {
            IntVector d = widen(src, at + i).sub(mean);
            narrow(d.add(mean).add(d.lanewise(VectorOperators.ASHR, 1)).max(0).min(255), dst, i);
        }
        for (; i < n; i++) {
            dst[i] = (byte) ContrastEdgeInvert.contrast(src[at + i] & 0xff, mean);
        }
    }

    /**
     * The inverted edge kernel over the interior bytes of a row, {@code out[at + i] = ~clamp(9·row[i] −
     * the eight neighbours)}, from byte 3 on for as many whole vectors as fit before the last pixel.
     *
     * @return the first byte left for the caller's scalar loop
     */
    static int edgeInvertRow(byte[] above, byte[] row, byte[] below, int n, byte[] out, int at) {
        int lanes = INTS.length();
        int i = 3;
        for (; i + lanes <= n - 3; i += lanes) {
            IntVector a0 = ((IntVector) ByteVector.fromArray(BYTES, above, i - 3).convertShape(B2I, INTS, 0)).and(0xff);
            IntVector a1 = ((IntVector) ByteVector.fromArray(BYTES, above, i).convertShape(B2I, INTS, 0)).and(0xff);
            IntVector a2 = ((IntVector) ByteVector.fromArray(BYTES, above, i + 3).convertShape(B2I, INTS, 0)).and(0xff);
            IntVector r0 = ((IntVector) ByteVector.fromArray(BYTES, row, i - 3).convertShape(B2I, INTS, 0)).and(0xff);
            IntVector r1 = ((IntVector) ByteVector.fromArray(BYTES, row, i).convertShape(B2I, INTS, 0)).and(0xff);
            IntVector r2 = ((IntVector) ByteVector.fromArray(BYTES, row, i + 3).convertShape(B2I, INTS, 0)).and(0xff);
            IntVector b0 = ((IntVector) ByteVector.fromArray(BYTES, below, i - 3).convertShape(B2I, INTS, 0)).and(0xff);
            IntVector b1 = ((IntVector) ByteVector.fromArray(BYTES, below, i).convertShape(B2I, INTS, 0)).and(0xff);
            IntVector b2 = ((IntVector) ByteVector.fromArray(BYTES, below, i + 3).convertShape(B2I, INTS, 0)).and(0xff);
            IntVector neighbours = a0.add(a1).add(a2).add(r0).add(r2).add(b0).add(b1).add(b2);
            IntVector v = r1.mul(9).sub(neighbours).max(0).min(255).lanewise(VectorOperators.NOT);
            ((ByteVector) v.convertShape(I2B, BYTES, 0)).intoArray(out, at + i);
        }
        return i;
    }

    private static IntVector widen(byte[] src, int offset) {
        return ((IntVector) ByteVector.fromArray(BYTES, src, offset).convertShape(B2I, INTS, 0))
                .and(0xff);
    }

    /** Stores the low byte of every lane, as a {@code (byte)} cast does. */
    private static void narrow(IntVector values, byte[] dst, int offset) {
        ((ByteVector) values.convertShape(I2B, BYTES, 0)).intoArray(dst, offset);
    }
}
