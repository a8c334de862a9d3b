package main

import (
	"encoding"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// readEnv fills the struct cfg points to from the variables its fields'
// env tags name, read through getenv (run's, never os.Getenv), and those
// of the structs embedded in it, each by its full name. An empty variable
// is unset: the field takes its default tag, so the lines of .env.example,
// copied with empty values, mean the defaults. A value that is not what
// its field must be is misuse, named by its variable.
func readEnv(getenv func(string) string, cfg any) error {
	v := reflect.ValueOf(cfg).Elem()
	for i := range v.NumField() {
		f, fv := v.Type().Field(i), v.Field(i)
		if f.Anonymous {
			if err := readEnv(getenv, fv.Addr().Interface()); err != nil {
				return err
			}
			continue
		}
		name := f.Tag.Get("env")
		if name == "" {
			continue
		}
		val := getenv(name)
		if val == "" {
			val = f.Tag.Get("default")
		}
		if val == "" {
			continue
		}
		var want wantError
		if err := setField(fv, val); errors.As(err, &want) {
			return fmt.Errorf("%s must be %s, got %q", name, want, val)
		} else if err != nil {
			return fmt.Errorf("reading %s: %w", name, err)
		}
	}
	return nil
}

// setField parses val into v; a wantError says what val must be.
func setField(v reflect.Value, val string) error {
	if u, ok := v.Addr().Interface().(encoding.TextUnmarshaler); ok {
		if u.UnmarshalText([]byte(val)) != nil {
			return wantError(v.Type().String())
		}
		return nil
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(val)
	case reflect.Int:
		n, err := strconv.Atoi(strings.TrimSpace(val))
		if err != nil {
			return wantError("int")
		}
		v.SetInt(int64(n))
	case reflect.Bool:
		b, err := strconv.ParseBool(strings.TrimSpace(val))
		if err != nil {
			return wantError("bool")
		}
		v.SetBool(b)
	case reflect.Slice:
		if v.Type().Elem().Kind() != reflect.String {
			return fmt.Errorf("internal: no reading of a %s", v.Type())
		}
		v.Set(reflect.ValueOf(strings.Split(val, ",")))
	default:
		return fmt.Errorf("internal: no reading of a %s", v.Type())
	}
	return nil
}

// wantError says, for the type a variable is read into, what its value
// must be.
type wantError string

func (t wantError) Error() string {
	switch t {
	case "int":
		return "a whole number"
	case "bool":
		return "true or false"
	case "slog.Level":
		return "DEBUG, INFO, WARN or ERROR"
	}
	return "a " + string(t)
}
