package knowledge

// Memo returns the value build makes for key, built the first time a
// caller asks for it on this base and kept with the base: work that
// depends only on the base (bot's facts about its passages) is then done
// once, not per question, and goes away with the base on a reload. Keys
// are compared as sync.Map compares them; use an unexported type of the
// caller's package, as with context values. Callers that race on a first
// use may each build; all of them get the value that was kept.
func (b *Base) Memo(key any, build func() any) any {
	if v, ok := b.memo.Load(key); ok {
		return v
	}
	v, _ := b.memo.LoadOrStore(key, build())
	return v
}
