package dev.pokepipe.local.origin;

import dev.pokepipe.transform.PngDecoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SampleOriginTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private SampleOrigin origin;

    @AfterEach
    void stop() {
        if (origin != null) {
            origin.close();
        }
    }

    private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(origin.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void servesTheSampleArtworkAfterTheLatency() throws Exception {
        origin = SampleOrigin.start(SampleOrigin.Settings.defaults().withLatency(150, 0), 0);
        assertThat(origin.baseUrl().getHost()).isEqualTo("127.0.0.1");
        long start = System.nanoTime();
        HttpResponse<byte[]> r = get("/025.png");
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(150);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(r.body()).isEqualTo(SampleArtwork.png(25));
        assertThat(get("/25.png").statusCode()).isEqualTo(404);
        assertThat(get("/../etc/passwd").statusCode()).isEqualTo(404);
    }

    @Test
    void injectsNotFoundErrorsAndCorruptBodies() throws Exception {
        origin = SampleOrigin.start(new SampleOrigin.Settings(0, 0, Set.of(3), 0.5, 0, 0, 0.3, 42), 0);
        assertThat(get("/003.png").statusCode()).isEqualTo(404);
        long errors = IntStream.range(0, 100).filter(i -> {
            try {
                return get("/010.png").statusCode() == 500;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).count();
        assertThat(errors).isBetween(25L, 75L);
        Map<SampleOrigin.Corruption, Integer> firstOfKind = new EnumMap<>(SampleOrigin.Corruption.class);
        IntStream.rangeClosed(1, 300).forEach(id -> origin.corruption(id).ifPresent(c -> firstOfKind.putIfAbsent(c, id)));
        assertThat(firstOfKind).containsOnlyKeys(SampleOrigin.Corruption.values());
        PngDecoder decoder = new PngDecoder(40_000_000);
        assertThat(body(firstOfKind.get(SampleOrigin.Corruption.TRUNCATED)))
                .hasSize(SampleArtwork.png(firstOfKind.get(SampleOrigin.Corruption.TRUNCATED)).length / 2);
        assertThatThrownBy(() -> decoder.decode(body(firstOfKind.get(SampleOrigin.Corruption.BAD_CRC))))
                .hasMessageContaining("bad CRC");
        assertThat(new String(body(firstOfKind.get(SampleOrigin.Corruption.HTML)))).startsWith("<html>");
        assertThatThrownBy(() -> decoder.readHeader(body(firstOfKind.get(SampleOrigin.Corruption.HUGE_HEADER))))
                .hasMessageContaining("100000x100000");
        byte[] badData = body(firstOfKind.get(SampleOrigin.Corruption.BAD_DATA));
        assertThat(decoder.verifyStructure(badData).width()).isEqualTo(475);
        assertThatThrownBy(() -> decoder.decode(badData)).hasMessageContaining("bad compressed image data");
        assertThat(IntStream.rangeClosed(1, 1000).filter(id -> origin.corruption(id).isPresent()).count())
                .isBetween(240L, 360L);
    }

    /** The body of a 200 answer for id, past the injected 500s. */
    private byte[] body(int id) throws IOException, InterruptedException {
        HttpResponse<byte[]> r;
        do {
            r = get(String.format("/%03d.png", id));
        } while (r.statusCode() == 500);
        return r.body();
    }

    @Test
    void refusesNonsenseSettings() {
        assertThatThrownBy(() -> new SampleOrigin.Settings(10, 20, Set.of(), 0, 0, 0, 0, 1))
                .hasMessageContaining("jitter");
        assertThatThrownBy(() -> new SampleOrigin.Settings(10, 0, Set.of(), 1.5, 0, 0, 0, 1))
                .hasMessageContaining("between 0 and 1");
    }
}
