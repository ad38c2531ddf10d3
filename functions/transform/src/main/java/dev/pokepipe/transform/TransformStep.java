package dev.pokepipe.transform;

/** The steps of the study's transform, in order, named as the Pillow fixtures name them. */
public enum TransformStep {
    RGB("01-rgb"),
    BLUR10("02-blur10"),
    CONTRAST("03-contrast"),
    EDGE_ENHANCE("04-edge"),
    INVERT("05-invert"),
    BLUR5("06-blur5"),
    UPSCALE("07-up"),
    DOWNSCALE("08-down");

    private final String fixtureName;

    TransformStep(String fixtureName) {
        this.fixtureName = fixtureName;
    }

    /** The step's name in the fixture files, e.g. {@code 02-blur10}. */
    public String fixtureName() {
        return fixtureName;
    }
}
