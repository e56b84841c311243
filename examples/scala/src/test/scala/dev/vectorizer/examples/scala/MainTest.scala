package dev.vectorizer.examples.scala

import dev.vectorizer.{Filter, VectorStore}
import java.io.{ByteArrayOutputStream, PrintStream}
import org.junit.jupiter.api.Assertions.{assertEquals, assertThrows, assertTrue}
import org.junit.jupiter.api.Test
import scala.util.Using

class MainTest:

  @Test def filteredSearchKeepsCheapTaggedProductsNearestFirst(): Unit =
    Using.resource(VectorStore.inMemory()) { store =>
      val products = Main.load(store)
      assertEquals(5L, products.count())
      val hits = Main.cheaperThan(products, Array(0.9f, 0.1f, 0.1f, 0.1f), BigDecimal(100), Seq("coffee", "tea"))
      assertEquals(List("grinder", "kettle", "teapot"), hits.map(_.id))
      // Scala's BigDecimal was stored as java.math.BigDecimal.
      assertEquals(new java.math.BigDecimal("89.90"), hits.head.payload.get("price"))
      assertTrue(hits.map(_.score).sliding(2).forall { case Seq(a, b) => a >= b })
    }

  @Test def aScalaListPassedAsOneValueIsRejectedWithAdvice(): Unit =
    // Without `*`, the List is one Object argument of the varargs overload.
    val e = assertThrows(classOf[IllegalArgumentException], () => Filter.in("tags", List("coffee", "tea")))
    assertTrue(e.getMessage.contains("values*"), e.getMessage)

  @Test def textQueryFindsTheEspressoNote(): Unit =
    Using.resource(VectorStore.inMemory()) { store =>
      assertEquals("espresso.md", Main.textQuery(store, "how is espresso brewed").head.sourceId)
    }

  @Test def mainPrintsTheResults(): Unit =
    val out = ByteArrayOutputStream()
    Console.withOut(PrintStream(out, true)) { Main.main(Array.empty) }
    val text = out.toString
    assertTrue(text.contains("Loaded 5 products"), text)
    assertTrue(text.contains("Text query: espresso.md (coffee)"), text)
