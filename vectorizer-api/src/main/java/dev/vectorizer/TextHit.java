package dev.vectorizer;

import java.util.Map;

/**
 * A chunk of text found by a text search.
 *
 * @param sourceId the id of the text the chunk belongs to
 * @param chunk the chunk's index within the text
 * @param start the chunk's first character (UTF-16 index) in the text
 * @param end the character after the chunk's last
 * @param text the chunk's text
 * @param score the score, as for {@link Hit#score()}
 * @param payload the text's payload (without the chunk fields)
 */
public record TextHit(
    String sourceId,
    int chunk,
    int start,
    int end,
    String text,
    float score,
    Map<String, Object> payload) {}
