package dev.pokepipe.transform;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TransformWarmupTest {

    private static final ImageTransform TRANSFORM = new ImageTransform(new PngDecoder(40_000_000), new PngEncoder());

    @Test
    void endsEarlyOnceToldToStop() {
        int[] asked = {0};
        assertThat(TransformWarmup.run(TRANSFORM, 10, () -> ++asked[0] > 2)).isEqualTo(2);
        assertThat(TransformWarmup.run(TRANSFORM, 3, () -> false)).isEqualTo(3);
    }

    @Test
    void theArtworkIsArtworkSizedWithAlpha() {
        byte[] png = TransformWarmup.artwork();
        assertThat(png[25]).as("colour type RGBA").isEqualTo((byte) 6);
        RgbImage image = TRANSFORM.decoder().decode(png);
        assertThat(image.width()).isEqualTo(475);
        assertThat(image.height()).isEqualTo(475);
    }
}
