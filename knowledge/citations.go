package knowledge

import "iter"

// Citations yields every citation of the file's entries: its events', its
// quotes' and each of its claims' positions'. Sources cited nowhere,
// excerpts of one article, coverage: what asks "what does the file cite"
// walks it here rather than over the three kinds of entry.
func (f *File) Citations() iter.Seq[Citation] {
	return func(yield func(Citation) bool) {
		for _, e := range f.Events {
			for _, c := range e.Citations {
				if !yield(c) {
					return
				}
			}
		}
		for _, q := range f.Quotes {
			for _, c := range q.Citations {
				if !yield(c) {
					return
				}
			}
		}
		for _, cl := range f.Claims {
			for _, p := range cl.Positions {
				for _, c := range p.Citations {
					if !yield(c) {
						return
					}
				}
			}
		}
	}
}
