package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestKBCoverage checks what kb coverage shows an admin: per archived
// article, each sentence no entry cites, with its line in the archive,
// and each entry's "# review:" comments left, with their line in the file.
func TestKBCoverage(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "story.txt", "A bridge collapsed on Monday, officials said.\n\nThe mayor said repairs would take a year.\n\nHeading\n\nNobody has explained why the bridge fell.\n")
	base := writeFile(t, dir, "base.yaml", `incident:
  id: bridge
  title: "Bridge collapse"
  summary: "A bridge collapsed."
  as_of: "2024-05-01"
sources:
  - id: story
    title: "Story"
    archive: story.txt
    language: en
people:
  - id: mayor
    name: The mayor
events:
  # review: date worked out from the article's words: check it
  # review: no actor found
  - id: collapse
    date: "2024-04-29"
    title: "Bridge collapses"
    citations:
      - source: story
        excerpt: "A bridge collapsed on Monday, officials said."
quotes:
  - id: mayor-repairs
    speaker: mayor
    kind: paraphrase
    text: "Repairs would take a year."
    citations:
      - source: story
        excerpt: "The mayor said repairs would take a year."
`)
	stdout, stderr, code := runCLI(t, "", "kb", "coverage", "--kb", base, "--sources", dir)
	want := "story (story.txt): 2 of 3 sentences cited; not cited by any entry:\n" +
		"  story.txt:7: Nobody has explained why the bridge fell.\n\n" +
		"entries with # review: comments in " + base + ": 1; delete the comments once checked:\n" +
		"  " + base + ":15: date worked out from the article's words: check it · no actor found\n"
	if code != 0 || stdout != want {
		t.Errorf("kb coverage: exit %d, stderr %q\n got:\n%s\nwant:\n%s", code, stderr, stdout, want)
	}
	if _, stderr, code := runCLI(t, "", "kb", "coverage", "--kb", base); code != 2 || !strings.Contains(stderr, "kb coverage needs --sources DIR") {
		t.Errorf("kb coverage without --sources: exit %d, stderr %q", code, stderr)
	}
	if _, stderr, code := runCLI(t, "", "kb", "coverage", "--kb", base, "--sources", filepath.Join(dir, "base.yaml")); code != 2 || !strings.Contains(stderr, "is not a folder") {
		t.Errorf("kb coverage --sources FILE: exit %d, stderr %q", code, stderr)
	}
}
