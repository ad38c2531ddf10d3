package dev.pokepipe.local.origin;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class SampleArtworkTest {

    @Test
    void isA475RgbaPngOnATransparentBackground() throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(SampleArtwork.png(1)));
        assertThat(image.getWidth()).isEqualTo(475);
        assertThat(image.getHeight()).isEqualTo(475);
        assertThat(image.getColorModel().hasAlpha()).isTrue();
        assertThat(image.getRaster().getSample(0, 0, 3)).as("corner alpha").isZero();
        assertThat(image.getRaster().getSample(237, 300, 3)).as("centre alpha").isEqualTo(255);
    }

    @Test
    void sameIdSameBytesOtherIdOtherPicture() {
        assertThat(SampleArtwork.png(42)).isEqualTo(SampleArtwork.png(42));
        assertThat(SampleArtwork.png(42)).isNotEqualTo(SampleArtwork.png(43));
    }
}
