// Package draft drafts knowledge-base entries from a news article: it
// finds the attributed quotations of the article's text (direct ones in
// quotation marks, and reported speech), works out who said them and
// through which channel, and writes them as a YAML draft, with a comment
// on every uncertain choice, for an admin to review. It is rule-based and
// deterministic. Like knowledge, it must not import any chat library or
// the bot package.
package draft
