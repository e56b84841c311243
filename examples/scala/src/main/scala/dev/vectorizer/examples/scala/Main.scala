package dev.vectorizer.examples.scala

import dev.vectorizer.*
import scala.jdk.CollectionConverters.*
import scala.util.Using

/** A Scala 3 program using Vectorizer: products with prices, a filtered search, a text query. */
object Main:

  /** A product with a tiny 4-d "embedding", standing in for a model's vectors. */
  final case class Product(id: String, name: String, price: BigDecimal, tags: List[String], vector: Array[Float])

  val Products: List[Product] = List(
    Product("espresso-machine", "Espresso machine", BigDecimal("249.00"), List("coffee", "kitchen"), Array(0.9f, 0.1f, 0.0f, 0.1f)),
    Product("grinder", "Burr grinder", BigDecimal("89.90"), List("coffee"), Array(0.8f, 0.2f, 0.1f, 0.0f)),
    Product("kettle", "Gooseneck kettle", BigDecimal("39.50"), List("tea", "coffee"), Array(0.6f, 0.4f, 0.1f, 0.1f)),
    Product("teapot", "Cast iron teapot", BigDecimal("45.00"), List("tea"), Array(0.2f, 0.9f, 0.0f, 0.2f)),
    Product("bike-oil", "Chain oil", BigDecimal("7.99"), List("bikes"), Array(0.0f, 0.1f, 0.9f, 0.3f))
  )

  /** Creates the collection and upserts every product; Scala values go in as they are. */
  def load(store: VectorStore): Collection =
    val products = store.createCollection("products", CollectionConfig.builder(4).metric(Metric.COSINE).build())
    val points = Products.map { p =>
      // A Scala Map and List become java.util ones with .asJava; Scala's BigDecimal is a Number.
      Point.of(p.id, p.vector, Map[String, Any]("name" -> p.name, "price" -> p.price, "tags" -> p.tags.asJava).asJava)
    }
    products.upsert(points.asJava)
    products

  /** Products tagged with any of `tags` and cheaper than `maxPrice`, nearest first. */
  def cheaperThan(products: Collection, query: Array[Float], maxPrice: BigDecimal, tags: Seq[String]): List[Hit] =
    val filter = Filter.and(Filter.in("tags", tags*), Filter.range("price").lt(maxPrice))
    products.search(SearchRequest.of(query).limit(3).filter(filter)).asScala.toList

  /** A text collection with the built-in hashing embedder. */
  def textQuery(store: VectorStore, question: String): List[TextHit] =
    val notes = store.textCollection("notes", Embedder.byName("hashing"))
    notes.upsert("espresso.md", "Espresso is brewed by forcing hot water through finely ground coffee.", Map("topic" -> "coffee").asJava)
    notes.upsert("tea.md", "Green tea is steeped in water below boiling for two minutes.", Map("topic" -> "tea").asJava)
    notes.upsert("bikes.md", "A bicycle chain needs oil every few hundred kilometres.", Map("topic" -> "bikes").asJava)
    notes.search(question, 2).asScala.toList

  def main(args: Array[String]): Unit =
    Using.resource(VectorStore.inMemory()) { store =>
      val products = load(store)
      println(s"Loaded ${products.count()} products")
      for hit <- cheaperThan(products, Array(0.9f, 0.1f, 0.1f, 0.1f), BigDecimal(100), Seq("coffee", "tea")) do
        println(f"  ${hit.score}%.3f  ${hit.id}%-18s ${hit.payload.get("price")}")
      val answer = textQuery(store, "how is espresso brewed").head
      println(s"Text query: ${answer.sourceId} (${answer.payload.get("topic")}): ${answer.text}")
    }
