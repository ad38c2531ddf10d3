package dev.pokepipe.engine;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Opens the {@link ItemSource} of a Distributed Map: the ItemsPath array, a JSON array or JSON Lines
 * object ({@code s3:getObject}), or the objects under a prefix ({@code s3:listObjectsV2}), cut at
 * ReaderConfig.MaxItems. Objects are parsed as they stream in, so memory does not grow with them.
 */
final class ItemReaders {

    private ItemReaders() {
    }

    /** The items of an array already in the state's input. */
    static ItemSource of(JsonNode array) {
        Iterator<JsonNode> it = array.elements();
        return new ItemSource() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public JsonNode next() {
                return it.next();
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * Opens the reader's items.
     *
     * @param parameters the reader's Parameters, evaluated
     * @throws StatesError States.ItemReaderFailed if the object or listing cannot be read
     */
    static ItemSource open(DistributedConfig.ItemReader reader, JsonNode parameters, ObjectStore store) {
        String bucket = text(parameters, "Bucket");
        ItemSource source;
        try {
            if (DistributedConfig.ItemReader.LIST_OBJECTS.equals(reader.resource())) {
                source = listing(store.list(bucket, parameters.path("Prefix").asText("")));
            } else {
                String key = text(parameters, "Key");
                InputStream in = store.open(bucket, key);
                String where = "s3://" + bucket + "/" + key;
                source = "JSONL".equals(reader.inputType()) ? new JsonLines(in, where) : new JsonArray(in, where);
            }
        } catch (ObjectStore.ObjectStoreException e) {
            throw failed(e.getMessage());
        }
        return reader.maxItems() > 0 ? limited(source, reader.maxItems()) : source;
    }

    static StatesError failed(String cause) {
        return new StatesError(StatesError.ITEM_READER_FAILED, cause);
    }

    private static String text(JsonNode parameters, String field) {
        JsonNode v = parameters.get(field);
        if (v == null || !v.isTextual()) {
            throw failed("ItemReader.Parameters." + field + " must be a string, got " + v);
        }
        return v.textValue();
    }

    private static ItemSource listing(Iterator<ObjectStore.ObjectSummary> objects) {
        return new ItemSource() {
            @Override
            public boolean hasNext() {
                try {
                    return objects.hasNext();
                } catch (ObjectStore.ObjectStoreException e) {
                    throw failed(e.getMessage());
                }
            }

            @Override
            public JsonNode next() {
                ObjectStore.ObjectSummary o = objects.next();
                // Field names and the epoch-seconds LastModified as the ItemReader (Map) page's example shows them.
                ObjectNode item = Json.emptyObject();
                item.put("Etag", o.eTag());
                item.put("Key", o.key());
                item.put("LastModified", o.lastModified() == null ? 0 : o.lastModified().getEpochSecond());
                item.put("Size", o.size());
                item.put("StorageClass", o.storageClass() == null ? "STANDARD" : o.storageClass());
                return item;
            }

            @Override
            public void close() {
            }
        };
    }

    private static ItemSource limited(ItemSource source, int max) {
        return new ItemSource() {
            private int taken;

            @Override
            public boolean hasNext() {
                return taken < max && source.hasNext();
            }

            @Override
            public JsonNode next() {
                if (taken >= max) {
                    throw new NoSuchElementException();
                }
                taken++;
                return source.next();
            }

            @Override
            public void close() {
                source.close();
            }
        };
    }

    /** A JSON array object, one element parsed at a time. */
    private static final class JsonArray implements ItemSource {
        private final JsonParser parser;
        private final String where;
        private JsonToken current;

        JsonArray(InputStream in, String where) {
            this.where = where;
            try {
                parser = JsonPaths.MAPPER.getFactory().createParser(in);
                if (parser.nextToken() != JsonToken.START_ARRAY) {
                    // AWS's cause for this case, word for word.
                    throw failed("Attempting to map over non-iterable node.");
                }
            } catch (IOException e) {
                throw failed(where + " is not valid JSON: " + e.getMessage());
            }
        }

        @Override
        public boolean hasNext() {
            if (current == null) {
                try {
                    current = parser.nextToken();
                } catch (IOException e) {
                    throw failed(where + " is not valid JSON: " + e.getMessage());
                }
                if (current == null) {
                    throw failed(where + " ends inside its array");
                }
            }
            return current != JsonToken.END_ARRAY;
        }

        @Override
        public JsonNode next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            try {
                JsonNode item = JsonPaths.MAPPER.readTree(parser);
                current = null;
                return item;
            } catch (IOException e) {
                throw failed(where + " is not valid JSON: " + e.getMessage());
            }
        }

        @Override
        public void close() {
            try {
                parser.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A JSON Lines object: each non-blank line one item. */
    private static final class JsonLines implements ItemSource {
        private final BufferedReader lines;
        private final String where;
        private String line;
        private long number;

        JsonLines(InputStream in, String where) {
            this.lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            this.where = where;
        }

        @Override
        public boolean hasNext() {
            try {
                while (line == null) {
                    String read = lines.readLine();
                    if (read == null) {
                        return false;
                    }
                    number++;
                    if (!read.isBlank()) {
                        line = read;
                    }
                }
                return true;
            } catch (IOException e) {
                throw failed("cannot read " + where + ": " + e.getMessage());
            }
        }

        @Override
        public JsonNode next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            try {
                return Json.parse(line);
            } catch (IOException e) {
                throw failed(where + " line " + number + " is not JSON: " + e.getMessage());
            } finally {
                line = null;
            }
        }

        @Override
        public void close() {
            try {
                lines.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
