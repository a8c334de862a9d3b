package knowledge

import (
	"reflect"
	"slices"
)

// Changes is what one reload changed, by id, for each kind of entry.
type Changes struct {
	Added, Removed, Edited map[string][]string // kind ("events") → ids
}

// Empty reports whether nothing changed.
func (c Changes) Empty() bool {
	return len(c.Added)+len(c.Removed)+len(c.Edited) == 0
}

// Diff compares two bases entry by entry.
func Diff(old, new *Base) Changes {
	c := Changes{Added: map[string][]string{}, Removed: map[string][]string{}, Edited: map[string][]string{}}
	diffKind(c, "events", old.Events, new.Events, func(e Event) string { return e.ID })
	diffKind(c, "quotes", old.Quotes, new.Quotes, func(q Quote) string { return q.ID })
	diffKind(c, "claims", old.Claims, new.Claims, func(q Claim) string { return q.ID })
	diffKind(c, "sources", old.Sources, new.Sources, func(s Source) string { return s.ID })
	diffKind(c, "people", old.People, new.People, func(p Person) string { return p.ID })
	return c
}

func diffKind[T any](c Changes, kind string, old, new []T, id func(T) string) {
	before := make(map[string]T, len(old))
	for _, x := range old {
		before[id(x)] = x
	}
	seen := map[string]bool{}
	for _, x := range new {
		k := id(x)
		seen[k] = true
		prev, ok := before[k]
		switch {
		case !ok:
			c.Added[kind] = append(c.Added[kind], k)
		case !reflect.DeepEqual(prev, x):
			c.Edited[kind] = append(c.Edited[kind], k)
		}
	}
	for _, x := range old {
		if k := id(x); !seen[k] {
			c.Removed[kind] = append(c.Removed[kind], k)
		}
	}
	for _, m := range []map[string][]string{c.Added, c.Removed, c.Edited} {
		if ids, ok := m[kind]; ok {
			slices.Sort(ids)
		}
	}
}
