package dev.pokepipe.engine;

/**
 * The fields only a Map in Distributed mode has: where its items come from, how they are batched,
 * how many child executions may fail, and where their results go.
 *
 * @param executionType       STANDARD or EXPRESS, for the child executions' ARNs
 * @param reader              the ItemReader, or null to take the items from ItemsPath
 * @param batcher             the ItemBatcher, or null for one item per child execution
 * @param resultWriter        the ResultWriter's Parameters, or null to return the results as an array
 * @param toleratedPercentage ToleratedFailurePercentage, or null when absent
 * @param toleratedCount      ToleratedFailureCount, or null when absent
 * @param label               the Label, or the state name when absent
 */
record DistributedConfig(String executionType, ItemReader reader, ItemBatcher batcher, PayloadTemplate resultWriter,
                         Double toleratedPercentage, Integer toleratedCount, String label) {

    /** Distributed Map runs at most this many child executions at once (MaxConcurrency 0 means this). */
    static final int CHILD_LIMIT = 10_000;

    /**
     * An ItemReader.
     *
     * @param resource   {@code s3:getObject} or {@code s3:listObjectsV2}
     * @param parameters Bucket, Key or Prefix, possibly with {@code .$} paths
     * @param inputType  JSON or JSONL for getObject, null for listObjectsV2
     * @param maxItems   ReaderConfig.MaxItems, 0 for all
     */
    record ItemReader(String resource, PayloadTemplate parameters, String inputType, int maxItems) {
        static final String GET_OBJECT = "arn:aws:states:::s3:getObject";
        static final String LIST_OBJECTS = "arn:aws:states:::s3:listObjectsV2";
    }

    /**
     * An ItemBatcher.
     *
     * @param maxItemsPerBatch at most this many items per child execution
     * @param batchInput       the BatchInput template, or null
     */
    record ItemBatcher(int maxItemsPerBatch, PayloadTemplate batchInput) {
    }
}
