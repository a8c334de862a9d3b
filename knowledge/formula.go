package knowledge

import "strings"

// StartsFormula reports whether a spreadsheet would read text as a
// formula (or, with a tab or a carriage return first, shift it into
// another cell): it begins with =, +, -, @, a tab or a CR (OWASP, "CSV
// Injection"). A quote from a hostile article can begin so, and the CSV
// export and kb draft both ask it.
func StartsFormula(text string) bool {
	return text != "" && strings.ContainsRune("=+-@\t\r", rune(text[0]))
}
