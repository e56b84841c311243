package dev.vectorizer.examples.kotlin

import dev.vectorizer.VectorStore
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

class MainTest {
    @Test
    fun filteredSearchKeepsOnlyMatchingBooksNearestFirst() {
        VectorStore.inMemory().use { store ->
            val books = load(store)
            assertEquals(5L, books.count())
            val hits = recentBooks(books, floatArrayOf(0.9f, 0.1f, 0.1f, 0.1f), since = 1960)
            assertEquals(listOf("dune", "hyperion", "solaris"), hits.map { it.id })
            assertTrue(hits.all { (it.payload["year"] as Int) >= 1960 })
            assertTrue(hits.zipWithNext().all { (a, b) -> a.score >= b.score })
        }
    }

    @Test
    fun textQueryFindsTheEspressoNote() {
        VectorStore.inMemory().use { store ->
            val hits = textQuery(store, "how is espresso brewed")
            assertEquals("espresso.md", hits.first().sourceId)
            assertEquals("coffee", hits.first().payload["topic"])
        }
    }

    @Test
    fun mainPrintsTheResults() {
        val out = ByteArrayOutputStream()
        val old = System.out
        System.setOut(PrintStream(out, true))
        try {
            main()
        } finally {
            System.setOut(old)
        }
        val text = out.toString()
        assertTrue(text.contains("Loaded 5 books"), text)
        assertTrue(text.contains("Text query: espresso.md (coffee)"), text)
    }
}
