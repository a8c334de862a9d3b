// Command templatize turns a reviewed knowledge file built from corpus
// articles into a template for internal/corpus: every quoted string found
// word for word in an article becomes a byte-offset reference, so the
// article's text stays out of the repository.
//
//	go run ./internal/corpus/templatize -corpus ../shared/corpora/news-quotes base.yaml > base.yaml.tmpl
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/incidentbot/incidentbot/internal/corpus"
)

func main() {
	dir := flag.String("corpus", "../shared/corpora/news-quotes", "the folder of corpus articles")
	minLen := flag.Int("min", 12, "shortest string (bytes) replaced by a reference")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: templatize [-corpus DIR] [-min N] BASE.yaml")
		os.Exit(2)
	}
	data, err := os.ReadFile(flag.Arg(0))
	if err == nil {
		data, err = corpus.Templatize(data, *dir, *minLen)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "templatize:", err)
		os.Exit(1)
	}
	os.Stdout.Write(data)
}
