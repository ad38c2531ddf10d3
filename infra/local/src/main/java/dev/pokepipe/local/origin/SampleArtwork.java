package dev.pokepipe.local.origin;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.GeneralPath;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;

/**
 * Generates artwork-like test images in the shape of the real origin's: 475×475 RGBA PNGs, a
 * creature of outlined, gradient-filled shapes on a transparent background. The same id always
 * gives the same bytes, so runs and benchmarks are repeatable without the internet.
 */
public final class SampleArtwork {

    /** The real artworks' size. */
    public static final int SIZE = 475;

    private SampleArtwork() {
    }

    /** The PNG for {@code id}. */
    public static byte[] png(int id) {
        BufferedImage image = draw(id);
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 * 1024);
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer in this JDK");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static BufferedImage draw(int id) {
        Random random = new Random(0x9E3779B97F4A7C15L * id + 475);
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            float hue = random.nextFloat();
            Color main = Color.getHSBColor(hue, 0.55f + 0.4f * random.nextFloat(), 0.75f + 0.25f * random.nextFloat());
            Color shade = main.darker().darker();
            Color accent = Color.getHSBColor((hue + 0.3f + 0.4f * random.nextFloat()) % 1f, 0.7f, 0.95f);
            g.setStroke(new BasicStroke(4f + 3f * random.nextFloat(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));

            int limbs = 2 + random.nextInt(4);
            for (int i = 0; i < limbs; i++) {
                double angle = 2 * Math.PI * i / limbs + random.nextDouble();
                double cx = 237 + Math.cos(angle) * (90 + 40 * random.nextDouble());
                double cy = 260 + Math.sin(angle) * (90 + 40 * random.nextDouble());
                double w = 60 + 70 * random.nextDouble();
                double h = 40 + 90 * random.nextDouble();
                fillOutlined(g, new Ellipse2D.Double(cx - w / 2, cy - h / 2, w, h),
                        new GradientPaint((float) cx, (float) (cy - h / 2), accent, (float) cx, (float) (cy + h / 2), shade));
            }

            double bodyW = 170 + 110 * random.nextDouble();
            double bodyH = 190 + 110 * random.nextDouble();
            fillOutlined(g, new Ellipse2D.Double(237 - bodyW / 2, 270 - bodyH / 2, bodyW, bodyH),
                    new GradientPaint(150, 150, main.brighter(), 330, 420, shade));

            GeneralPath ears = new GeneralPath();
            double headY = 270 - bodyH / 2 + 30;
            double spread = 40 + 50 * random.nextDouble();
            double tall = 60 + 80 * random.nextDouble();
            for (int side = -1; side <= 1; side += 2) {
                ears.moveTo(237 + side * spread, headY + 20);
                ears.lineTo(237 + side * (spread + 35), headY - tall);
                ears.lineTo(237 + side * (spread - 30), headY + 5);
                ears.closePath();
            }
            fillOutlined(g, ears, new GradientPaint(237, (float) (headY - tall), accent, 237, (float) headY, main));

            double eyeY = 250 - bodyH / 6;
            for (int side = -1; side <= 1; side += 2) {
                double ex = 237 + side * (25 + 20 * random.nextDouble());
                fillOutlined(g, new Ellipse2D.Double(ex - 14, eyeY - 18, 28, 36), Color.WHITE);
                g.setColor(Color.BLACK);
                g.fill(new Ellipse2D.Double(ex - 7, eyeY - 8, 14, 20));
            }

            for (int i = 0; i < 6 + random.nextInt(10); i++) {
                double x = 237 + (random.nextDouble() - 0.5) * bodyW * 0.7;
                double y = 290 + (random.nextDouble() - 0.5) * bodyH * 0.6;
                double r = 6 + 14 * random.nextDouble();
                g.setColor(new Color(accent.getRed(), accent.getGreen(), accent.getBlue(), 120 + random.nextInt(130)));
                g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void fillOutlined(Graphics2D g, java.awt.Shape shape, java.awt.Paint paint) {
        g.setPaint(paint);
        g.fill(shape);
        g.setColor(new Color(20, 20, 30));
        g.draw(shape);
    }
}
