package dev.vectorizer.internal.text;

import dev.vectorizer.internal.keyword.KeywordIndex;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * What a text view needs from the engine to search beyond plain vector search.
 *
 * @param keywords the collection's keyword index, or null when it has none
 * @param generation the collection's write generation (changes on every write; never reused, even
 *     by a collection re-created under the same name)
 * @param payloads the current payloads of ids (null for an id that is gone), read under one lock
 *     and not copied (payloads are immutable)
 * @param cache the store's query cache, or null for none
 * @param foreign true when another engine stores the collection (through the public API only), so
 *     that no keyword postings can exist for it
 */
public record SearchSupport(
    @Nullable KeywordIndex keywords,
    LongSupplier generation,
    Function<List<String>, List<Map<String, Object>>> payloads,
    @Nullable QueryCache cache,
    boolean foreign) {}
