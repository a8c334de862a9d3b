package knowledge

// Memo returns the value build makes for key on b, built the first time a
// caller asks for it on this base and kept with the base: work that
// depends only on the base (bot's facts about its passages) is then done
// once, not per question, and goes away with the base on a reload. Keys
// are compared as sync.Map compares them; use an unexported type of the
// caller's package, as with context values, one type of value a key.
// Callers that race on a first use may each build; all of them get the
// value that was kept. It is a function, not a method, because Go's
// methods take no type parameters.
func Memo[T any](b *Base, key any, build func() T) T {
	if v, ok := b.memo.Load(key); ok {
		return v.(T)
	}
	v, _ := b.memo.LoadOrStore(key, build())
	return v.(T)
}
