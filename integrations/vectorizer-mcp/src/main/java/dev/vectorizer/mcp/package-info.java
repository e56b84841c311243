/**
 * The MCP server: {@link dev.vectorizer.mcp.VectorizerMcpServer}, started by {@code vectorizer
 * --data DIR mcp}.
 */
@NullMarked
package dev.vectorizer.mcp;

import org.jspecify.annotations.NullMarked;
