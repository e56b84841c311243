package dev.vectorizer.internal.keyword;

/**
 * The ordinals holding a term, with the term's frequency in each: {@code docs[i]} and {@code
 * freqs[i]} for {@code i < size}. Ordinals are ascending in sealed segments and in the order they
 * were indexed in a head segment (concurrent writers may interleave).
 *
 * <p>Immutable once obtained; the arrays are shared, never modify them.
 *
 * @param docs ordinals
 * @param freqs frequencies
 * @param size the number of entries
 */
public record PostingList(int[] docs, int[] freqs, int size) {}
