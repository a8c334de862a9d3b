package knowledge_test

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/incidentbot/incidentbot/knowledge"
)

// The embedded default base loads, validates and indexes in one call, and
// answers searches.
func ExampleDefault() {
	b, err := knowledge.Default()
	if err != nil {
		panic(err)
	}
	fmt.Println(b.Incident.Title)
	fmt.Println(b.FindPeople("Peskow")[0].Name) // a typo finds him
	// Output:
	// Drone attack on the Kremlin, 3 May 2023
	// Dmitry Peskov
}

// A file with a problem is refused with every problem at once, each as
// file:line:col: field: message.
func ExampleLoad() {
	data := bytes.Replace(knowledge.DefaultData(), []byte("speaker: peskov\n"), []byte("speaker: peskv\n"), 1)
	_, err := knowledge.Load("edited.yaml", data)
	for _, line := range strings.Split(err.Error(), "\n") {
		// Leave out the line and column, which move as the base is edited.
		file, rest, _ := strings.Cut(line, ":")
		_, rest, _ = strings.Cut(rest, ": ")
		fmt.Println(file + ": " + rest)
	}
	// Output:
	// edited.yaml: quotes[5].speaker: unknown person "peskv"
}
