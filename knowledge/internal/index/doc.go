// Package index is the search index of a knowledge base: an inverted index
// with Bleve's analysers and Bleve's tf-idf scores, which answers a top-k
// query term at a time, into a slot per document. It knows documents by
// kind and number and fields by number; what goes into a document, and
// what a hit means, is the knowledge package's. It knows no ranking beyond
// its scores, and imports nothing of the project.
package index
