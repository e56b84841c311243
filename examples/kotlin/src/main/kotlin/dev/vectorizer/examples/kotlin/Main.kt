package dev.vectorizer.examples.kotlin

import dev.vectorizer.*
// Kotlin's own kotlin.collections.Collection wins over a star import: alias ours.
import dev.vectorizer.Collection as VectorCollection

/** A book with a tiny 4-d "embedding", standing in for a model's vectors. */
data class Book(val id: String, val title: String, val year: Int, val lang: String, val vector: FloatArray)

val BOOKS = listOf(
    Book("dune", "Dune", 1965, "en", floatArrayOf(0.9f, 0.1f, 0.0f, 0.1f)),
    Book("solaris", "Solaris", 1961, "pl", floatArrayOf(0.8f, 0.2f, 0.1f, 0.0f)),
    Book("neuromancer", "Neuromancer", 1984, "en", floatArrayOf(0.7f, 0.0f, 0.6f, 0.1f)),
    Book("hyperion", "Hyperion", 1989, "en", floatArrayOf(0.85f, 0.15f, 0.2f, 0.05f)),
    Book("zauberberg", "Der Zauberberg", 1924, "de", floatArrayOf(0.1f, 0.9f, 0.0f, 0.3f)),
)

/** Creates the collection and upserts every book with its payload. */
fun load(store: VectorStore): VectorCollection {
    val books = store.createCollection("books", CollectionConfig.builder(4).metric(Metric.COSINE).build())
    books.upsert(BOOKS.map { Point.of(it.id, it.vector, mapOf("title" to it.title, "year" to it.year, "lang" to it.lang)) })
    return books
}

/** English or Polish books from `since` on, nearest to the query first. */
fun recentBooks(books: VectorCollection, query: FloatArray, since: Int): List<Hit> =
    books.search(
        SearchRequest.of(query).limit(3).filter(
            Filter.and(Filter.isIn("lang", "en", "pl"), Filter.range("year").gte(since)),
        ),
    )

/** A text collection with the built-in hashing embedder: texts in, text hits out. */
fun textQuery(store: VectorStore, question: String): List<TextHit> {
    val notes = store.textCollection("notes", Embedder.byName("hashing"))
    notes.upsert("espresso.md", "Espresso is brewed by forcing hot water through finely ground coffee.", mapOf("topic" to "coffee"))
    notes.upsert("tea.md", "Green tea is steeped in water below boiling for two minutes.", mapOf("topic" to "tea"))
    notes.upsert("bikes.md", "A bicycle chain needs oil every few hundred kilometres.", mapOf("topic" to "bikes"))
    return notes.search(question, 2)
}

fun main() {
    VectorStore.inMemory().use { store ->
        val books = load(store)
        println("Loaded ${books.count()} books")
        for (hit in recentBooks(books, floatArrayOf(0.9f, 0.1f, 0.1f, 0.1f), since = 1960)) {
            println("  %.3f  %-12s %s".format(hit.score, hit.id, hit.payload["title"]))
        }
        val answer = textQuery(store, "how is espresso brewed").first()
        println("Text query: ${answer.sourceId} (${answer.payload["topic"]}): ${answer.text}")
    }
}
