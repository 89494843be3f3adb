package api

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

// unknownField finds the first member of the JSON value data that the Go
// type t has no field for, and returns its path (ferry_closures[0].form).
// encoding/json reports unknown fields only as message text; walking the
// value against the type names the field without parsing that text.
func unknownField(data []byte, t reflect.Type) (string, bool) {
	var v any
	if json.Unmarshal(data, &v) != nil {
		return "", false
	}
	return walkUnknown(v, t, "")
}

func walkUnknown(v any, t reflect.Type, path string) (string, bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch x := v.(type) {
	case map[string]any:
		switch t.Kind() {
		case reflect.Map:
			for k, e := range x {
				if p, ok := walkUnknown(e, t.Elem(), join(path, k)); ok {
					return p, true
				}
			}
		case reflect.Struct:
			fields := jsonFields(t)
			for k, e := range x {
				ft, ok := fields[k]
				if !ok {
					// encoding/json also matches names case-insensitively.
					for name, f := range fields {
						if strings.EqualFold(name, k) {
							ft, ok = f, true
							break
						}
					}
				}
				if !ok {
					return join(path, k), true
				}
				if p, ok := walkUnknown(e, ft, join(path, k)); ok {
					return p, true
				}
			}
		}
	case []any:
		if t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
			for i, e := range x {
				if p, ok := walkUnknown(e, t.Elem(), fmt.Sprintf("%s[%d]", path, i)); ok {
					return p, true
				}
			}
		}
	}
	return "", false
}

// jsonFields maps a struct's JSON member names to their types, following
// embedded structs as encoding/json does.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				for k, v := range jsonFields(ft) {
					out[k] = v
				}
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}

func join(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}
