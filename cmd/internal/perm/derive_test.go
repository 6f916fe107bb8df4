package perm

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"
)

// The derivation reads the code of cmd/lambda and of every package of this
// module it imports, type-checked, and walks what each function runs from
// its entry points. Only this module's code is walked; a call into another
// module is a leaf, except an AWS SDK operation, which is what it collects.
//
// What is reached:
//   - a static call reaches its callee;
//   - a call of an interface method reaches that method of every type of
//     this module that implements the interface (and of the SDK clients);
//     a func type that the code converts functions to, such as
//     http.HandlerFunc, counts as calling its function;
//   - a call through a function value reaches every function that the code
//     takes as a value with the same signature, or, for a local variable
//     assigned only function literals, those literals;
//   - a function value passed to code outside this module (sync, net/http)
//     is taken to be called there.
//
// What is collected: every AWS SDK input built (`&dynamodb.QueryInput{...}`)
// gives an IAM action; for DynamoDB its table comes from its TableName
// (`db.table(messagesTable)`) or, where a helper builds it, from the store
// whose method the walk came through, and its IndexName makes it an action
// on that index. Every SDK client method called and every paginator made
// must have such an input, so that nothing is called on a resource the
// walk could not see.

const (
	module     = "github.com/cloudresume/cloudresume"
	lambdaPath = module + "/cmd/lambda"
	dynamoPath = module + "/internal/dynamo"
	sdkService = "github.com/aws/aws-sdk-go-v2/service/"
)

// entryPoints returns what each function runs: functions of cmd/lambda,
// or an interface method whose implementations another module's code calls.
// Both functions run the start (run: configuration, clients, handlers);
// the API function gets API Gateway requests, which serve hands to the
// http.Handler through the proxy adapter, and the outbox schedule; the
// ingest function gets S3 events.
func entryPoints() map[string][]string {
	return map[string][]string{
		API:    {"run", "httpAPI.serve", "net/http.Handler.ServeHTTP", "handler.scheduled"},
		Ingest: {"run", "ingester.handle"},
	}
}

// iamPrefix returns the IAM prefix of the actions of an SDK service package.
func iamPrefix(service string) (string, bool) {
	p, ok := map[string]string{"dynamodb": "dynamodb", "s3": "s3", "sesv2": "ses", "xray": "xray"}[service]
	return p, ok
}

// fieldActions are the IAM actions an input needs besides its own when it
// sets a field.
func fieldActions() map[string]string {
	return map[string]string{"s3.GetObjectInput.VersionId": "s3:GetObjectVersion"}
}

// body is a function with code: a declared function or a function literal.
type body struct {
	fn  *types.Func // nil for a literal
	lit *ast.FuncLit
}

// taken is a function taken as a value.
type taken struct {
	sig *types.Signature
	lit *ast.FuncLit
	fn  *types.Func // a function or method (maybe of an interface)
}

type analysis struct {
	pkgs       []*packages.Package
	info       map[*ast.File]*types.Info
	decls      map[*types.Func]*ast.FuncDecl
	declInfo   map[*ast.FuncDecl]*types.Info
	litInfo    map[*ast.FuncLit]*types.Info
	litOwner   map[*ast.FuncLit]*ast.FuncDecl // the declaration a literal is in
	values     []taken
	localLits  map[*types.Var][]*ast.FuncLit // local variables assigned only literals
	types      []types.Type                  // candidates for interface calls
	funcTypes  []*types.Named                // func types the code converts functions to
	storeTable map[*types.TypeName]string    // store type -> its table
	problems   []string
}

// access is one action derived, with where it comes from.
type access struct {
	Grant
	where string
}

func load() (*analysis, error) {
	cfg := &packages.Config{Mode: packages.NeedName | packages.NeedImports | packages.NeedDeps}
	all, err := packages.Load(cfg, lambdaPath)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", lambdaPath, err)
	}
	var ours []string
	packages.Visit(all, nil, func(p *packages.Package) {
		if p.PkgPath == module || strings.HasPrefix(p.PkgPath, module+"/") {
			ours = append(ours, p.PkgPath)
		}
	})
	cfg = &packages.Config{Mode: packages.LoadSyntax | packages.NeedImports}
	pkgs, err := packages.Load(cfg, ours...)
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	var errs []string
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			errs = append(errs, e.Error())
		}
	})
	if len(errs) > 0 {
		return nil, fmt.Errorf("load: %s", strings.Join(errs, "; "))
	}
	a := &analysis{
		pkgs: pkgs, info: map[*ast.File]*types.Info{}, decls: map[*types.Func]*ast.FuncDecl{},
		declInfo: map[*ast.FuncDecl]*types.Info{}, litInfo: map[*ast.FuncLit]*types.Info{},
		litOwner: map[*ast.FuncLit]*ast.FuncDecl{}, localLits: map[*types.Var][]*ast.FuncLit{},
		storeTable: map[*types.TypeName]string{},
	}
	a.index()
	return a, nil
}

// index records the declarations, the functions taken as values, the types
// that may implement an interface and the table of each store.
func (a *analysis) index() {
	notLits := map[*types.Var]bool{}
	clients := map[string]bool{}
	for _, p := range a.pkgs {
		for path, imp := range p.Imports {
			if svc, ok := strings.CutPrefix(path, sdkService); ok && !strings.Contains(svc, "/") {
				if obj, ok := imp.Types.Scope().Lookup("Client").(*types.TypeName); ok && !clients[path] {
					clients[path] = true
					a.types = append(a.types, types.NewPointer(obj.Type()))
				}
			}
		}
		for _, name := range p.Types.Scope().Names() {
			tn, ok := p.Types.Scope().Lookup(name).(*types.TypeName)
			if ok && !types.IsInterface(tn.Type()) && !isGeneric(tn.Type()) {
				a.types = append(a.types, tn.Type(), types.NewPointer(tn.Type()))
			}
		}
		for _, f := range p.Syntax {
			info := p.TypesInfo
			called := map[ast.Expr]bool{}
			ast.Inspect(f, func(n ast.Node) bool {
				if c, ok := n.(*ast.CallExpr); ok {
					fun := ast.Unparen(c.Fun)
					if ix, ok := fun.(*ast.IndexExpr); ok {
						fun = ix.X
					}
					called[fun] = true
					if sel, ok := fun.(*ast.SelectorExpr); ok {
						called[sel.Sel] = true
					}
				}
				return true
			})
			var owner *ast.FuncDecl
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncDecl:
					owner = n
					if fn, ok := info.Defs[n.Name].(*types.Func); ok && n.Body != nil {
						a.decls[fn] = n
						a.declInfo[n] = info
					}
				case *ast.FuncLit:
					a.litInfo[n] = info
					a.litOwner[n] = owner
					if !called[n] {
						a.values = append(a.values, taken{sig: info.TypeOf(n).(*types.Signature), lit: n})
					}
				case *ast.SelectorExpr: // a method value x.M or expression T.M
					if sel, ok := info.Selections[n]; ok && !called[n] && sel.Kind() != types.FieldVal {
						a.values = append(a.values, taken{sig: sel.Type().(*types.Signature), fn: sel.Obj().(*types.Func)})
					}
				case *ast.Ident:
					if fn, ok := info.Uses[n].(*types.Func); ok && !called[n] && fn.Type().(*types.Signature).Recv() == nil {
						a.values = append(a.values, taken{sig: fn.Type().(*types.Signature), fn: fn})
					}
				case *ast.CallExpr:
					// A conversion to a named func type: http.HandlerFunc(f).
					if tv, ok := info.Types[n.Fun]; ok && tv.IsType() {
						if named, ok := types.Unalias(tv.Type).(*types.Named); ok {
							if _, isFunc := named.Underlying().(*types.Signature); isFunc && !slices.Contains(a.funcTypes, named) {
								a.funcTypes = append(a.funcTypes, named)
							}
						}
					}
				case *ast.AssignStmt:
					for i, lhs := range n.Lhs {
						id, ok := lhs.(*ast.Ident)
						if !ok {
							continue
						}
						v, ok := info.ObjectOf(id).(*types.Var)
						if !ok || v.Parent() == v.Pkg().Scope() || v.IsField() {
							continue
						}
						if len(n.Rhs) == len(n.Lhs) {
							if lit, ok := ast.Unparen(n.Rhs[i]).(*ast.FuncLit); ok {
								a.localLits[v] = append(a.localLits[v], lit)
								continue
							}
						}
						notLits[v] = true
					}
				}
				return true
			})
		}
	}
	for v := range notLits {
		delete(a.localLits, v)
	}
	// A store's table: the one its methods name with db.table(...).
	tables := map[*types.TypeName]map[string]bool{}
	for fn, decl := range a.decls {
		recv := recvType(fn)
		if recv == nil || fn.Pkg().Path() != dynamoPath {
			continue
		}
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok {
				if t, ok := a.tableArg(a.declInfo[decl], c); ok {
					if tables[recv] == nil {
						tables[recv] = map[string]bool{}
					}
					tables[recv][t] = true
				}
			}
			return true
		})
	}
	for tn, set := range tables {
		if len(set) == 1 {
			for t := range set {
				a.storeTable[tn] = t
			}
		}
	}
}

func isGeneric(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.TypeParams().Len() > 0
}

// recvType returns the named type of a method's receiver, or nil.
func recvType(fn *types.Func) *types.TypeName {
	recv := fn.Type().(*types.Signature).Recv()
	if recv == nil {
		return nil
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj()
	}
	return nil
}

// tableArg returns the table suffix of a call db.table(suffix) of the
// dynamo package, with a constant suffix.
func (a *analysis) tableArg(info *types.Info, c *ast.CallExpr) (string, bool) {
	sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "table" || len(c.Args) != 1 {
		return "", false
	}
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg().Path() != dynamoPath || recvType(fn) == nil || recvType(fn).Name() != "DB" {
		return "", false
	}
	tv := info.Types[c.Args[0]]
	if tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// find returns the declaration in cmd/lambda named "f" or "Type.method".
func (a *analysis) find(name string) *types.Func {
	typ, method, isMethod := strings.Cut(name, ".")
	for fn := range a.decls {
		if fn.Pkg().Path() != lambdaPath {
			continue
		}
		recv := recvType(fn)
		if isMethod && recv != nil && recv.Name() == typ && fn.Name() == method ||
			!isMethod && recv == nil && fn.Name() == name {
			return fn
		}
	}
	return nil
}

// ifaceMethod returns the interface method named "pkg/path.Type.Method"
// of a package the code imports, or nil.
func (a *analysis) ifaceMethod(name string) *types.Func {
	dot := strings.LastIndex(name, ".")
	typeDot := strings.LastIndex(name[:max(dot, 0)], ".")
	if !strings.Contains(name, "/") || typeDot < 0 {
		return nil
	}
	var found *types.Func
	packages.Visit(a.pkgs, nil, func(p *packages.Package) {
		if p.PkgPath != name[:typeDot] {
			return
		}
		if tn, ok := p.Types.Scope().Lookup(name[typeDot+1 : dot]).(*types.TypeName); ok {
			obj, _, _ := types.LookupFieldOrMethod(tn.Type(), false, p.Types, name[dot+1:])
			found, _ = obj.(*types.Func)
		}
	})
	return found
}

// state is a body reached with the table of the store the walk came through.
type state struct {
	b     body
	table string
}

// derive returns the accesses of the code reached from the entry points.
func (a *analysis) derive(entries []string) []access {
	var queue []state
	seen := map[state]bool{}
	reach := func(b body, table string) {
		if lexical := a.lexicalTable(b); lexical != "" {
			table = lexical
		}
		s := state{b, table}
		if !seen[s] {
			seen[s] = true
			queue = append(queue, s)
		}
	}
	for _, e := range entries {
		if m := a.ifaceMethod(e); m != nil {
			w := walker{a: a, reach: reach}
			w.iface(m, m.Pos())
			continue
		}
		fn := a.find(e)
		if fn == nil {
			a.problems = append(a.problems, "entry point "+e+" is not in cmd/lambda")
			continue
		}
		reach(body{fn: fn}, "")
	}
	var out []access
	var calls []access // SDK client methods called, to check against the inputs
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		w := walker{a: a, s: s, reach: reach}
		w.walk()
		out = append(out, w.inputs...)
		calls = append(calls, w.calls...)
	}
	for _, c := range calls {
		if !slices.ContainsFunc(out, func(x access) bool { return x.Action == c.Action }) {
			a.problems = append(a.problems, fmt.Sprintf("%s: calls %s without an input the walk saw being built", c.where, c.Action))
		}
	}
	return out
}

// lexicalTable returns the table of the store whose method b is (or is in).
func (a *analysis) lexicalTable(b body) string {
	var fn *types.Func
	if b.fn != nil {
		fn = b.fn
	} else if owner := a.litOwner[b.lit]; owner != nil {
		fn, _ = a.declInfo[owner].Defs[owner.Name].(*types.Func)
	}
	if fn == nil {
		return ""
	}
	if recv := recvType(fn); recv != nil {
		return a.storeTable[recv]
	}
	return ""
}

// walker walks one body.
type walker struct {
	a      *analysis
	s      state
	reach  func(body, string)
	inputs []access
	calls  []access
}

func (w *walker) info() *types.Info {
	if w.s.b.fn != nil {
		return w.a.declInfo[w.a.decls[w.s.b.fn]]
	}
	return w.a.litInfo[w.s.b.lit]
}

func (w *walker) where(n ast.Node) string { return w.at(n.Pos()) }

func (w *walker) at(pos token.Pos) string { return w.a.pkgs[0].Fset.Position(pos).String() }

func (w *walker) walk() {
	var root ast.Node
	if w.s.b.fn != nil {
		root = w.a.decls[w.s.b.fn].Body
	} else {
		root = w.s.b.lit.Body
	}
	info := w.info()
	// Inputs built here, by the variable that holds them, so that fields
	// set after the literal count too.
	lits := map[*ast.CompositeLit]map[string]ast.Expr{}
	byVar := map[types.Object]*ast.CompositeLit{}
	var order []*ast.CompositeLit
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // a body of its own
		case *ast.CompositeLit:
			if _, _, ok := sdkInput(info.TypeOf(n)); ok {
				fields := map[string]ast.Expr{}
				for _, e := range n.Elts {
					if kv, ok := e.(*ast.KeyValueExpr); ok {
						fields[kv.Key.(*ast.Ident).Name] = kv.Value
					}
				}
				lits[n] = fields
				order = append(order, n)
			}
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if len(n.Rhs) != len(n.Lhs) {
					break
				}
				rhs := ast.Unparen(n.Rhs[i])
				if u, ok := rhs.(*ast.UnaryExpr); ok {
					rhs = u.X
				}
				if cl, ok := rhs.(*ast.CompositeLit); ok {
					if id, ok := lhs.(*ast.Ident); ok {
						byVar[info.ObjectOf(id)] = cl
					}
				}
			}
		case *ast.CallExpr:
			w.call(n)
		}
		return true
	})
	// Fields set on a variable holding an input built here.
	ast.Inspect(root, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		as, ok := n.(*ast.AssignStmt)
		if !ok {
			return true
		}
		for i, lhs := range as.Lhs {
			sel, ok := lhs.(*ast.SelectorExpr)
			if !ok || i >= len(as.Rhs) {
				continue
			}
			if _, _, isInput := sdkInput(info.TypeOf(sel.X)); !isInput {
				continue
			}
			var cl *ast.CompositeLit
			if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
				cl = byVar[info.ObjectOf(id)]
			}
			switch {
			case cl != nil && lits[cl] != nil:
				lits[cl][sel.Sel.Name] = as.Rhs[i]
			case sel.Sel.Name == "IndexName":
				w.a.problems = append(w.a.problems, w.where(as)+": IndexName set on an input built elsewhere; the walk cannot tell which index")
			}
		}
		return true
	})
	for _, cl := range order {
		w.input(cl, lits[cl])
	}
}

// sdkInput reports whether t is (a pointer to) an input of an SDK
// operation, and returns its service package name and type name.
func sdkInput(t types.Type) (service, name string, ok bool) {
	if t == nil {
		return "", "", false
	}
	if p, isPtr := t.(*types.Pointer); isPtr {
		t = p.Elem()
	}
	n, isNamed := types.Unalias(t).(*types.Named)
	if !isNamed || n.Obj().Pkg() == nil {
		return "", "", false
	}
	service, inSDK := strings.CutPrefix(n.Obj().Pkg().Path(), sdkService)
	if !inSDK || strings.Contains(service, "/") || !strings.HasSuffix(n.Obj().Name(), "Input") {
		return "", "", false
	}
	return service, n.Obj().Name(), true
}

// input records the actions an input built here needs.
func (w *walker) input(cl *ast.CompositeLit, fields map[string]ast.Expr) {
	info := w.info()
	service, name, _ := sdkInput(info.TypeOf(cl))
	where := w.where(cl)
	prefix, ok := iamPrefix(service)
	if !ok {
		w.a.problems = append(w.a.problems, fmt.Sprintf("%s: %s.%s: teach the test the IAM prefix of %s", where, service, name, service))
		return
	}
	g := Grant{Action: prefix + ":" + strings.TrimSuffix(name, "Input")}
	if service == "dynamodb" {
		g.Table = w.s.table
		if e, ok := fields["TableName"]; ok {
			if c, ok := ast.Unparen(e).(*ast.CallExpr); ok {
				if t, ok := w.a.tableArg(info, c); ok {
					g.Table = t
				}
			}
		}
		if g.Table == "" {
			w.a.problems = append(w.a.problems, where+": "+g.Action+" on a table the walk cannot tell")
		}
		if e, ok := fields["IndexName"]; ok {
			g.Index = stringConst(info, e)
			if g.Index == "" {
				w.a.problems = append(w.a.problems, where+": IndexName is not aws.String of a constant")
			}
		}
	}
	w.inputs = append(w.inputs, access{g, where})
	for field := range fields {
		if extra, ok := fieldActions()[service+"."+name+"."+field]; ok {
			w.inputs = append(w.inputs, access{Grant{Action: extra}, where})
		}
	}
}

// stringConst returns the constant s of aws.String(s), or "".
func stringConst(info *types.Info, e ast.Expr) string {
	c, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(c.Args) != 1 {
		return ""
	}
	tv := info.Types[c.Args[0]]
	if tv.Value == nil || tv.Value.Kind() != constant.String {
		return ""
	}
	return constant.StringVal(tv.Value)
}

// paginator matches the SDK's paginator and waiter constructors.
var paginator = regexp.MustCompile(`^New(\w+)(Paginator|Waiter)$`)

// call follows one call.
func (w *walker) call(c *ast.CallExpr) {
	info := w.info()
	fun := ast.Unparen(c.Fun)
	if tv, ok := info.Types[fun]; ok && (tv.IsType() || tv.IsBuiltin()) {
		return
	}
	if lit, ok := fun.(*ast.FuncLit); ok {
		w.reach(body{lit: lit}, w.s.table)
		return
	}
	var callee *types.Func
	switch f := fun.(type) {
	case *ast.Ident:
		callee, _ = info.Uses[f].(*types.Func)
	case *ast.SelectorExpr:
		if sel, ok := info.Selections[f]; ok && sel.Kind() != types.FieldVal {
			callee = sel.Obj().(*types.Func)
		} else if !ok {
			callee, _ = info.Uses[f.Sel].(*types.Func)
		}
	case *ast.IndexExpr: // a generic function instantiated
		if id, ok := f.X.(*ast.Ident); ok {
			callee, _ = info.Uses[id].(*types.Func)
		}
	}
	if callee == nil {
		w.dynamic(c, fun)
		return
	}
	if !w.function(callee, c.Pos()) {
		// Outside this module: a function value given to it is called there.
		for _, arg := range c.Args {
			w.passed(ast.Unparen(arg))
		}
	}
}

// passed reaches a function value given to code outside this module.
func (w *walker) passed(arg ast.Expr) {
	info := w.info()
	switch arg := arg.(type) {
	case *ast.FuncLit:
		w.reach(body{lit: arg}, w.s.table)
	case *ast.Ident, *ast.SelectorExpr:
		var fn *types.Func
		if sel, ok := arg.(*ast.SelectorExpr); ok {
			if s, ok := info.Selections[sel]; ok && s.Kind() != types.FieldVal {
				fn = s.Obj().(*types.Func)
			} else {
				fn, _ = info.Uses[sel.Sel].(*types.Func)
			}
		} else {
			fn, _ = info.Uses[arg.(*ast.Ident)].(*types.Func)
		}
		if fn != nil {
			w.function(fn, arg.Pos())
		}
	}
}

// function reaches fn, reporting whether it is this module's or the SDK's
// (not a leaf that may call back).
func (w *walker) function(fn *types.Func, at token.Pos) bool {
	if _, ok := w.a.decls[fn]; ok {
		w.reach(body{fn: fn}, w.s.table)
		return true
	}
	pkg := fn.Pkg()
	if pkg == nil {
		return false
	}
	if service, ok := strings.CutPrefix(pkg.Path(), sdkService); ok && !strings.Contains(service, "/") {
		prefix, known := iamPrefix(service)
		recv := recvType(fn)
		switch {
		case recv != nil && recv.Name() == "Client" && fn.Exported():
			if !known {
				w.a.problems = append(w.a.problems, fmt.Sprintf("%s: teach the test the IAM prefix of %s", w.at(at), service))
				return true
			}
			w.calls = append(w.calls, access{Grant{Action: prefix + ":" + fn.Name()}, w.at(at)})
		case recv == nil && paginator.MatchString(fn.Name()):
			m := paginator.FindStringSubmatch(fn.Name())
			if m[2] == "Waiter" {
				w.a.problems = append(w.a.problems, fmt.Sprintf("%s: %s: teach the test which operation this waiter calls", w.at(at), fn.Name()))
				return true
			}
			w.calls = append(w.calls, access{Grant{Action: prefix + ":" + m[1]}, w.at(at)})
		}
		return true
	}
	sig := fn.Type().(*types.Signature)
	if sig.Recv() != nil && types.IsInterface(sig.Recv().Type()) {
		w.iface(fn, at)
		return true
	}
	return false
}

// iface reaches the implementations of the interface method m.
func (w *walker) iface(m *types.Func, at token.Pos) {
	it := m.Type().(*types.Signature).Recv().Type().Underlying().(*types.Interface)
	for _, t := range w.a.types {
		if !types.Implements(t, it) {
			continue
		}
		obj, _, _ := types.LookupFieldOrMethod(t, true, m.Pkg(), m.Name())
		if impl, ok := obj.(*types.Func); ok && impl != m {
			w.function(impl, at)
		}
	}
	for _, ft := range w.a.funcTypes {
		if types.Implements(ft, it) {
			w.bySignature(ft.Underlying().(*types.Signature))
		}
	}
}

// dynamic follows a call through a function value.
func (w *walker) dynamic(c *ast.CallExpr, fun ast.Expr) {
	info := w.info()
	if id, ok := fun.(*ast.Ident); ok {
		if v, ok := info.Uses[id].(*types.Var); ok {
			if lits, ok := w.a.localLits[v]; ok {
				for _, lit := range lits {
					w.reach(body{lit: lit}, w.s.table)
				}
				return
			}
		}
	}
	// A value of another module's func type (context.CancelFunc) is that
	// module's function, unless this code converts its own to it.
	if n, ok := types.Unalias(info.TypeOf(fun)).(*types.Named); ok && !w.a.ours(n.Obj().Pkg()) && !slices.Contains(w.a.funcTypes, n) {
		return
	}
	sig, ok := info.TypeOf(fun).Underlying().(*types.Signature)
	if !ok {
		w.a.problems = append(w.a.problems, w.where(c)+": a call the walk cannot follow")
		return
	}
	w.bySignature(sig)
}

// ours reports whether p is a package of this module.
func (a *analysis) ours(p *types.Package) bool {
	return p != nil && (p.Path() == module || strings.HasPrefix(p.Path(), module+"/"))
}

// bySignature reaches every function taken as a value with signature sig.
func (w *walker) bySignature(sig *types.Signature) {
	for _, v := range w.a.values {
		if !types.Identical(v.sig, sig) {
			continue
		}
		if v.lit != nil {
			w.reach(body{lit: v.lit}, w.s.table)
		} else {
			w.function(v.fn, v.fn.Pos())
		}
	}
}

// grants returns the distinct grants of accesses, sorted.
func grants(accesses []access) []Grant {
	var out []Grant
	for _, x := range accesses {
		if !slices.Contains(out, x.Grant) {
			out = append(out, x.Grant)
		}
	}
	sortGrants(out)
	return out
}

func sortGrants(gs []Grant) {
	slices.SortFunc(gs, func(x, y Grant) int {
		return cmp.Or(cmp.Compare(x.Table, y.Table), cmp.Compare(x.Action, y.Action), cmp.Compare(x.Index, y.Index), cmp.Compare(x.Resource, y.Resource))
	})
}
