package bot

import (
	"fmt"
	"runtime/debug"
)

// PanicError is a panic that Recover turned into an error, with the stack
// where it happened.
type PanicError struct {
	Value, Stack string
}

func (p *PanicError) Error() string { return "panic: " + p.Value }

// Recover runs h and returns its error, or a *PanicError should h panic.
// Each chat adapter runs every request's work through it, in one place,
// so that a bug in answering one request costs that request alone.
func Recover(h func() error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &PanicError{Value: fmt.Sprint(v), Stack: string(debug.Stack())}
		}
	}()
	return h()
}
