package bot

// english is what a user typed with the knowledge base's glossary applied:
// its Russian and Ukrainian words and phrases read as the English ones
// the sources use, everything else as typed. /ask reads a question this
// way (analyseAs); /who-said, /timeline and /claims search with it. What
// the user typed is still what an answer's title repeats.
func (r answerer) english(text string) string {
	s, _ := r.b.Gloss(text)
	return s
}
