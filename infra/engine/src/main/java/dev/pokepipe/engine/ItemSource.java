package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;

/** A Distributed Map's items, read one at a time as the Map needs them; closing it releases the object being read. */
interface ItemSource extends Iterator<JsonNode>, AutoCloseable {

    /**
     * @throws StatesError States.ItemReaderFailed if the object cannot be read or is not what its InputType says
     */
    @Override
    boolean hasNext();

    @Override
    void close();
}
