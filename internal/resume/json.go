package resume

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// syntaxError is a document that cannot be read at all.
type syntaxError struct {
	line int
	msg  string
}

func (e *syntaxError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

// parseJSON reads data into a node tree, noting the line of every value.
func parseJSON(data []byte) (*node, error) {
	r := &jsonReader{data: data, lines: newLineIndex(data), dec: json.NewDecoder(bytes.NewReader(data))}
	r.dec.UseNumber()
	root, err := r.value(0)
	if err != nil {
		return nil, r.syntax(err)
	}
	if _, err := r.dec.Token(); err != io.EOF {
		if err == nil {
			err = errors.New("unexpected data after the top-level value")
		}
		return nil, r.syntax(err)
	}
	return root, nil
}

type jsonReader struct {
	data  []byte
	lines lineIndex
	dec   *json.Decoder
}

// next returns the offset where the next token starts: the decoder's
// offset is the end of the previous token, before separators.
func (r *jsonReader) next() int {
	off := int(r.dec.InputOffset())
	for off < len(r.data) {
		switch r.data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}

// syntax turns a decoder error into a syntaxError with a line.
func (r *jsonReader) syntax(err error) error {
	var se *syntaxError
	if errors.As(err, &se) {
		return se
	}
	var jse *json.SyntaxError
	if errors.As(err, &jse) {
		return &syntaxError{line: r.lines.line(max(int(jse.Offset)-1, 0)), msg: jse.Error()}
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &syntaxError{line: r.lines.line(len(r.data)), msg: "unexpected end of input"}
	}
	return &syntaxError{line: r.lines.line(r.next()), msg: err.Error()}
}

func (r *jsonReader) value(depth int) (*node, error) {
	line := r.lines.line(r.next())
	tok, err := r.dec.Token()
	if err != nil {
		return nil, err
	}
	if depth > maxDepth {
		return nil, &syntaxError{line: line, msg: "nested too deeply"}
	}
	switch t := tok.(type) {
	case nil:
		return &node{kind: kindNull, line: line}, nil
	case bool:
		return &node{kind: kindBool, text: fmt.Sprint(t), line: line}, nil
	case json.Number:
		return &node{kind: kindNumber, text: t.String(), line: line}, nil
	case string:
		return &node{kind: kindString, text: t, line: line}, nil
	case json.Delim:
		switch t {
		case '{':
			n := &node{kind: kindObject, line: line}
			for r.dec.More() {
				keyLine := r.lines.line(r.next())
				k, err := r.dec.Token()
				if err != nil {
					return nil, err
				}
				key, ok := k.(string)
				if !ok {
					return nil, &syntaxError{line: keyLine, msg: "object key is not a string"}
				}
				v, err := r.value(depth + 1)
				if err != nil {
					return nil, err
				}
				v.line = keyLine
				n.keys = append(n.keys, key)
				n.vals = append(n.vals, v)
			}
			if _, err := r.dec.Token(); err != nil { // '}'
				return nil, err
			}
			return n, nil
		case '[':
			n := &node{kind: kindArray, line: line}
			for r.dec.More() {
				v, err := r.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.vals = append(n.vals, v)
			}
			if _, err := r.dec.Token(); err != nil { // ']'
				return nil, err
			}
			return n, nil
		}
	}
	return nil, &syntaxError{line: line, msg: fmt.Sprintf("unexpected %v", tok)}
}
