// Compiled hot path of the exact activation-region enumeration
// (tropsage/regions/activation.py): the depth-first refinement of hinge layers
// (every unit a two-piece activation read from _Layer.hinges as (s, a0, c0, a1,
// c1): relu, leaky_relu, threshold, identity, per unit, or any registered Hinge)
// in C++ with GMP integers and PPL polyhedra.  It takes the Python path's
// decisions in the same order (whether a unit's hyperplane cuts a cell is a fact
// of geometry, proven exactly either way), so both give the same regions; its
// witness points are its own (dyadic points found in floating point and checked
// exactly), so interior points may differ.  The Python path stays the reference
// and the fallback.
//
// Decisions are proposed in floating point and proven in exact integers (mpz):
// each cell carries approximate generators (a double-description step in
// doubles from its parent's); a cut is shown by an exact dyadic point checked
// strictly inside the cell and strictly past the hyperplane, "no cut" by exact
// Farkas multipliers on the rows through the vertex where the float maximum
// lies (an exact n x n solve, verified).  What the doubles cannot show (a
// degenerate or nearly touching configuration) is decided from PPL's exact
// generators, as the Python path does (incremental: a child's polyhedron is its
// parent's plus one constraint; a parent's pending conversion is done once
// before its first child copies it; the second child's generators follow from
// the parent's and the sibling's).  Decisions that need an LP (maxout groups, a
// hyperplane through a known interior point) are handed back to the Python
// path.
#pragma once

#include <Python.h>
#include <gmpxx.h>
#include <ppl.hh>

#include <climits>
#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace tse {

namespace PPL = Parma_Polyhedra_Library;
typedef std::vector<mpz_class> Vec;

// ---------------------------------------------------------------------------
// Python int <-> mpz at the boundary

static int py_to_mpz(PyObject* o, mpz_class& out) {
    PyObject* idx = PyNumber_Index(o);
    if (!idx) return -1;
    int overflow = 0;
    long long v = PyLong_AsLongLongAndOverflow(idx, &overflow);
    if (!overflow) {
        Py_DECREF(idx);
        if (v == -1 && PyErr_Occurred()) return -1;
        mpz_set_si(out.get_mpz_t(), (long)v);
        return 0;
    }
    PyObject* a = PyNumber_Absolute(idx);
    Py_DECREF(idx);
    if (!a) return -1;
    size_t nbytes = _PyLong_NumBits(a) / 8 + 1;
    std::vector<unsigned char> buf(nbytes);
#if PY_VERSION_HEX >= 0x030D0000
    int r = _PyLong_AsByteArray((PyLongObject*)a, buf.data(), nbytes, 1, 0, 1);
#else
    int r = _PyLong_AsByteArray((PyLongObject*)a, buf.data(), nbytes, 1, 0);
#endif
    Py_DECREF(a);
    if (r < 0) return -1;
    mpz_import(out.get_mpz_t(), nbytes, -1, 1, 0, 0, buf.data());
    if (overflow < 0) mpz_neg(out.get_mpz_t(), out.get_mpz_t());
    return 0;
}

static PyObject* mpz_to_py(const mpz_class& z) {
    if (mpz_fits_slong_p(z.get_mpz_t())) return PyLong_FromLong(mpz_get_si(z.get_mpz_t()));
    size_t count = (mpz_sizeinbase(z.get_mpz_t(), 2) + 7) / 8;
    std::vector<unsigned char> buf(count + 1);
    mpz_export(buf.data(), &count, -1, 1, 0, 0, z.get_mpz_t());
    PyObject* r = _PyLong_FromByteArray(buf.data(), count, 1, 0);
    if (r && sgn(z) < 0) {
        PyObject* m = PyNumber_Negative(r);
        Py_DECREF(r);
        r = m;
    }
    return r;
}

// a Python sequence of ints -> Vec (of length `len` when len >= 0)
static int py_to_vec(PyObject* seq, Vec& out, Py_ssize_t len = -1) {
    PyObject* f = PySequence_Fast(seq, "expected a sequence of integers");
    if (!f) return -1;
    Py_ssize_t m = PySequence_Fast_GET_SIZE(f);
    if (len >= 0 && m != len) {
        Py_DECREF(f);
        PyErr_SetString(PyExc_ValueError, "row of the wrong length");
        return -1;
    }
    out.resize(m);
    PyObject** it = PySequence_Fast_ITEMS(f);
    for (Py_ssize_t i = 0; i < m; ++i)
        if (py_to_mpz(it[i], out[i]) < 0) { Py_DECREF(f); return -1; }
    Py_DECREF(f);
    return 0;
}

static PyObject* vec_to_tuple(const Vec& v) {
    PyObject* t = PyTuple_New(v.size());
    if (!t) return nullptr;
    for (size_t i = 0; i < v.size(); ++i) {
        PyObject* x = mpz_to_py(v[i]);
        if (!x) { Py_DECREF(t); return nullptr; }
        PyTuple_SET_ITEM(t, i, x);
    }
    return t;
}

static PyObject* vec_to_list(const Vec& v) {
    PyObject* t = PyList_New(v.size());
    if (!t) return nullptr;
    for (size_t i = 0; i < v.size(); ++i) {
        PyObject* x = mpz_to_py(v[i]);
        if (!x) { Py_DECREF(t); return nullptr; }
        PyList_SET_ITEM(t, i, x);
    }
    return t;
}

static PyObject* ints_to_tuple(const std::vector<int>& v) {
    PyObject* t = PyTuple_New(v.size());
    if (!t) return nullptr;
    for (size_t i = 0; i < v.size(); ++i) PyTuple_SET_ITEM(t, i, PyLong_FromLong(v[i]));
    return t;
}

static int py_to_ints(PyObject* seq, std::vector<int>& out) {
    PyObject* f = PySequence_Fast(seq, "expected a sequence of integers");
    if (!f) return -1;
    Py_ssize_t m = PySequence_Fast_GET_SIZE(f);
    out.resize(m);
    PyObject** it = PySequence_Fast_ITEMS(f);
    for (Py_ssize_t i = 0; i < m; ++i) {
        long v = PyLong_AsLong(it[i]);
        if (v == -1 && PyErr_Occurred()) { Py_DECREF(f); return -1; }
        out[i] = (int)v;
    }
    Py_DECREF(f);
    return 0;
}

// ---------------------------------------------------------------------------
// data

struct Point {
    Vec X;
    mpz_class D;
    mutable std::vector<double> f;   // X/D in doubles, made on demand
};
typedef std::shared_ptr<const Point> PointP;

struct Mat {   // integer matrix over one positive denominator
    int r = 0, c = 0;
    Vec a;
    mpz_class den;
    Mat() {}
    Mat(int r_, int c_) : r(r_), c(c_), a((size_t)r_ * c_) {}
    mpz_class& at(int i, int j) { return a[(size_t)i * c + j]; }
    const mpz_class& at(int i, int j) const { return a[(size_t)i * c + j]; }
};
typedef std::shared_ptr<const Mat> MatP;

// K_HINGES: every unit a hinge (or a unit that never splits), read from
// _Layer.hinges; K_PYTHON: decisions that are not hinges (maxout groups) are
// taken in Python.
enum { K_HINGES = 0, K_PYTHON = 1 };
// how a unit's output on one side of its cut is made from its pre-activation row
enum { P_COPY = 0, P_ZERO = 1, P_AFFINE = 2 };

// A layer.  Unit i of a K_HINGES layer is sigma(t) = a0 t + c0 (t <= s),
// a1 t + c1 (t > s), with s = sp/sq; `cut[i]` is 0 for a unit without a cut
// (entry 1, output a1 t + c1).  A[side], C[side] are the slope and offset of a
// side times Q (the lcm of all their denominators); piece[side] says which
// shortcut applies (P_COPY: a = 1, c = 0; P_ZERO: a = c = 0).
struct Layer {
    int kind = 0, m = 0, k = 0, units = 0;
    std::vector<char> cut, piece[2];
    std::vector<mpz_class> sp, sq, A[2], C[2];
    mpz_class Q;
    Mat N;                 // k x (m+1): [W | b] times den
    mpz_class den;
};

struct Gens {
    bool minimal = false;   // PPL's minimized generators (not from_sibling's set)
    std::vector<Vec> pts;
    Vec div;
    std::vector<Vec> rays, lines;
};

// Approximate generators of a cell closure, with the rows each one saturates:
// the floating-point double description that proposes decisions (see
// float_decide).  Generator i is g[i*(n+1) ...] = [d, x] (d = 1: a vertex x,
// d = 0: a ray x); bit 0 of its saturation set stands for d >= 0 (saturated by
// rays), bit r+1 for the cell's row r (the chain's numbering).  Lines (nl of
// them, in L) saturate every row.
struct FGens {
    int m = 0, W = 0, nl = 0;
    std::vector<double> g;
    std::vector<uint64_t> sat;   // m x W words
    std::vector<double> L;       // nl x n
};
typedef std::shared_ptr<const FGens> FGensP;

// Constraint rows added at one step of the refinement; the chain of parents is
// the cell's row list.  The PPL polyhedron is built lazily from the parent's.
struct Node {
    std::shared_ptr<Node> parent;
    int base = 0;                              // the number of rows of the ancestors
    uint64_t serial = 0;                       // unique in the engine: names the rows
    std::vector<Vec> rows;                     // [b | a]: a.x <= b
    FGensP FG;                                 // approximate generators, made on demand
    bool fg_tried = false;
    std::vector<std::vector<double>> drows;    // approximate rows, made on demand
    std::unique_ptr<PPL::C_Polyhedron> P;
    std::shared_ptr<const Gens> G;
    std::shared_ptr<const Gens> kidG;   // PPL generators of one child (row kidrow)
    Vec kidrow;
    int users = 0;        // child nodes that may still build their polyhedron from P
    bool minimized = false;   // P has no pending constraints
    bool built = false;   // (child node) took what it needed from the parent
    mutable PyObject* pyrows = nullptr;   // the rows as Python lists, made once (chain_to_py)
    ~Node() {
        if (parent && !built && --parent->users == 0) parent->P.reset();
        Py_XDECREF(pyrows);   // nodes die under the GIL: in explore, or with their capsule
    }
};
typedef std::shared_ptr<Node> NodeP;

struct Cell {
    int l = 0, j = 0;
    std::vector<std::vector<int>> pattern;
    std::vector<int> bits;
    NodeP node;
    std::vector<PointP> pts;    // pts[0]: the interior point; then witnesses
    MatP Z;                     // pre-activations of layer l, Z->den = zden
    std::shared_ptr<const std::vector<int>> S;   // screening of layer l, or null
};

struct Leaf {
    std::vector<std::vector<int>> pattern;
    NodeP node;   // its rows are the chain's
    PointP X;
    MatP T;
};

struct Stats {
    long generators = 0, screened = 0, free_cuts = 0, cuts = 0, trivial = 0, sibling = 0;
    long fcuts = 0, fcerts = 0, fother = 0;   // float-proposed cuts, certificates; the rest
    long inverses = 0;                         // bases inverted exactly (the others were cached)
};

enum { ADV_LEAF = 0, ADV_SPLIT = 1, ADV_PYTHON = 2 };

static const int MAXW = 12;    // witnesses a cell keeps besides its main point (MAX_WITNESSES)

// ---------------------------------------------------------------------------
// integer helpers

static void reduce(Mat& M) {
    mpz_class g = M.den;
    for (auto& v : M.a) {
        if (g == 1) break;
        mpz_gcd(g.get_mpz_t(), g.get_mpz_t(), v.get_mpz_t());
    }
    if (g > 1) {
        for (auto& v : M.a) mpz_divexact(v.get_mpz_t(), v.get_mpz_t(), g.get_mpz_t());
        mpz_divexact(M.den.get_mpz_t(), M.den.get_mpz_t(), g.get_mpz_t());
    }
}

static void primitive(Vec& r) {
    mpz_class g = 0;
    for (auto& v : r) {
        mpz_gcd(g.get_mpz_t(), g.get_mpz_t(), v.get_mpz_t());
        if (g == 1) return;
    }
    if (g > 1)
        for (auto& v : r) mpz_divexact(v.get_mpz_t(), v.get_mpz_t(), g.get_mpz_t());
}

// D * (row[0] + row[1:] . X/D)
static inline void value(mpz_t acc, const Vec& row, const Point& p) {
    mpz_mul(acc, row[0].get_mpz_t(), p.D.get_mpz_t());
    for (size_t i = 0; i < p.X.size(); ++i)
        if (sgn(row[i + 1])) mpz_addmul(acc, row[i + 1].get_mpz_t(), p.X[i].get_mpz_t());
}

// row[1:] . v
static inline void dot(mpz_t acc, const Vec& row, const Vec& v) {
    mpz_set_ui(acc, 0);
    for (size_t i = 0; i < v.size(); ++i)
        if (sgn(row[i + 1])) mpz_addmul(acc, row[i + 1].get_mpz_t(), v[i].get_mpz_t());
}

// ---------------------------------------------------------------------------
// the engine

struct Engine {
    std::vector<Layer> layers;
    int n = 0;
    bool use_float = true;   // false: every decision from PPL's exact generators
    uint64_t next_serial = 1;
    Stats st;
    mpz_class t1, t2, t3;   // scratch

    // -- PPL ----------------------------------------------------------------

    static void add_row(PPL::C_Polyhedron& P, const Vec& row) {
        PPL::Linear_Expression e;
        for (size_t i = 1; i < row.size(); ++i)
            if (sgn(row[i])) PPL::sub_mul_assign(e, row[i], PPL::Variable(i - 1));
        e += row[0];
        P.add_constraint(e >= 0);
    }

    PPL::C_Polyhedron& poly(Node* nd) {
        if (nd->P) return *nd->P;
        if (nd->parent && !nd->built) {
            Node* par = nd->parent.get();
            poly(par);
            if (par->users == 1) nd->P = std::move(par->P);   // last user takes it over
            else {
                // another child builds from it later: do the parent's pending
                // conversion steps once here, not once in each child
                par->P->minimized_generators();
                par->minimized = true;
                nd->P.reset(new PPL::C_Polyhedron(*par->P));
            }
            nd->built = true;
            if (--par->users == 0) par->P.reset();
            for (auto& r : nd->rows) add_row(*nd->P, r);
            return *nd->P;
        }
        // a root: every row from the chain (a child whose parent was released
        // never happens in the depth-first order, but stay correct anyway)
        std::vector<const Vec*> all;
        for (Node* a = nd; a; a = a->parent.get())
            for (auto it = a->rows.rbegin(); it != a->rows.rend(); ++it) all.push_back(&*it);
        PPL::Constraint_System cs;
        nd->P.reset(new PPL::C_Polyhedron(n, PPL::UNIVERSE));
        for (auto it = all.rbegin(); it != all.rend(); ++it) add_row(*nd->P, **it);
        return *nd->P;
    }

    // Generators of the cell C1 = C ∩ {a.x <= b} from those of its parent C and
    // of its sibling C0 = C ∩ {a.x >= b} (both from PPL): C1 is generated by the
    // generators of C with a.x <= b (lines not parallel to the cut give the ray
    // pointing into C1) together with those of the common facet F = C ∩ {a.x = b},
    // and F is generated by the generators of C0 that lie on it (its lines are
    // C0's lines).  A generating set, not a minimal one: enough for every test
    // made here (a generator strictly on a side, or none).
    bool from_sibling(Node* nd) {
        Node* par = nd->parent.get();
        if (!par || nd->rows.size() != 1 || !par->G || !par->kidG) return false;
        const Vec& a = nd->rows[0];
        if (par->kidrow.size() != a.size()) return false;
        for (size_t i = 0; i < a.size(); ++i)
            if (par->kidrow[i] != -a[i]) return false;
        const Gens& C = *par->G;
        const Gens& S = *par->kidG;
        auto G = std::make_shared<Gens>();
        for (size_t v = 0; v < C.pts.size(); ++v) {
            dot(t3.get_mpz_t(), a, C.pts[v]);
            mpz_submul(t3.get_mpz_t(), a[0].get_mpz_t(), C.div[v].get_mpz_t());   // a.c - b d
            if (sgn(t3) <= 0) {
                G->pts.push_back(C.pts[v]);
                G->div.push_back(C.div[v]);
            }
        }
        for (size_t v = 0; v < S.pts.size(); ++v) {
            dot(t3.get_mpz_t(), a, S.pts[v]);
            mpz_submul(t3.get_mpz_t(), a[0].get_mpz_t(), S.div[v].get_mpz_t());
            if (sgn(t3) == 0) {
                G->pts.push_back(S.pts[v]);
                G->div.push_back(S.div[v]);
            }
        }
        for (auto& r : C.rays) {
            dot(t3.get_mpz_t(), a, r);
            if (sgn(t3) <= 0) G->rays.push_back(r);
        }
        for (auto& r : S.rays) {
            dot(t3.get_mpz_t(), a, r);
            if (sgn(t3) == 0) G->rays.push_back(r);
        }
        // the lineality space of C1 is that of F, hence of C0 (combinations of
        // lines of C parallel to the cut); each other line of C gives a ray
        for (auto& l : S.lines) G->lines.push_back(l);
        for (auto& l : C.lines) {
            dot(t3.get_mpz_t(), a, l);
            int sg = sgn(t3);
            if (sg == 0) continue;
            else if (sg < 0) G->rays.push_back(l);
            else {
                Vec r(l.size());
                for (size_t i = 0; i < l.size(); ++i) r[i] = -l[i];
                G->rays.push_back(std::move(r));
            }
        }
        nd->G = G;
        st.sibling++;
        return true;
    }

    const Gens& gens(Cell& c) {
        Node* nd = c.node.get();
        if (!nd->G) gens_node(nd);
        return *nd->G;
    }

    std::shared_ptr<const Gens> extract(const PPL::Generator_System& gs) {
        auto G = std::make_shared<Gens>();
        G->minimal = true;
        for (auto it = gs.begin(); it != gs.end(); ++it) {
            Vec v(n);
            for (int i = 0; i < n; ++i) v[i] = it->coefficient(PPL::Variable(i));
            if (it->is_point()) {
                G->pts.push_back(std::move(v));
                G->div.push_back(it->divisor());
            } else if (it->is_ray()) {
                G->rays.push_back(std::move(v));
            } else if (it->is_line()) {
                G->lines.push_back(std::move(v));
            }
        }
        return G;
    }

    const Gens& gens_node(Node* nd) {
        Node* par = nd->parent.get();
        if (!nd->G && par && !par->G && par->kidG && par->P && par->minimized) {
            // the parent's conversion was done when the sibling was built: its
            // generators and the sibling's give this cell's (from_sibling)
            par->G = extract(par->P->minimized_generators());
        }
        if (!nd->G && from_sibling(nd)) return *nd->G;
        if (!nd->G) {
            st.generators++;
            PPL::C_Polyhedron& PP = poly(nd);
            auto G = extract(PP.minimized_generators());
            nd->minimized = true;
            nd->G = G;
            if (!nd->FG && use_float) nd->FG = seed_fg(nd, *G);
            Node* par = nd->parent.get();
            if (par && nd->rows.size() == 1 && !par->kidG) {
                par->kidG = G;
                par->kidrow = nd->rows[0];
            }
        }
        return *nd->G;
    }

    // -- the floating-point double description --------------------------------
    //
    // A cell's approximate generators (FGens) follow from its parent's by one
    // double-description step in doubles (Fukuda's combinatorial adjacency test
    // on saturation sets), or from PPL's exact generators when those were
    // computed.  They only propose: a cut is shown by an exact point checked
    // strictly inside the cell and strictly past the hyperplane, "no cut" by
    // exact Farkas multipliers on the rows of the vertex where the float maximum
    // lies (an exact n x n solve, checked).  Whatever they cannot show goes to
    // the exact path (PPL generators).

    static constexpr double FTOL = 1e-9;
    static const int FG_MAX = 1 << 16;   // approximate generators a cell may have

    static void node_drows(Node* a) {
        if (a->drows.size() != a->rows.size()) {
            a->drows.resize(a->rows.size());
            for (size_t i = 0; i < a->rows.size(); ++i) to_doubles(a->rows[i], a->drows[i]);
        }
    }

    // a.x - b d for the row [b | a] and the generator [d, x] (mag: the sum of
    // the terms' sizes, for a relative tolerance)
    inline double fslack(const double* r, const double* g, double& mag) const {
        double s = -r[0] * g[0];
        mag = std::fabs(s);
        for (int i = 0; i < n; ++i) {
            double t = r[i + 1] * g[i + 1];
            s += t;
            mag += std::fabs(t);
        }
        return s;
    }

    static void unit_ray(double* x, int len) {
        double m = 0;
        for (int i = 0; i < len; ++i) m = std::max(m, std::fabs(x[i]));
        if (m > 0)
            for (int i = 0; i < len; ++i) x[i] /= m;
    }

    // from PPL's (minimal) generators of the cell of `nd`
    FGensP seed_fg(Node* nd, const Gens& G) {
        const int N1 = n + 1, nrows = nd->base + (int)nd->rows.size();
        auto F = std::make_shared<FGens>();
        F->W = (nrows + 1 + 63) / 64;
        F->m = (int)(G.pts.size() + G.rays.size());
        F->g.assign((size_t)F->m * N1, 0.0);
        F->sat.assign((size_t)F->m * F->W, 0);
        std::vector<double> tmp;
        int i = 0;
        for (size_t v = 0; v < G.pts.size(); ++v, ++i) {
            double* g = &F->g[(size_t)i * N1];
            g[0] = 1;
            for (int k = 0; k < n; ++k) {
                g[k + 1] = ratio(G.pts[v][k], G.div[v]);
                if (!std::isfinite(g[k + 1])) return nullptr;
            }
        }
        for (size_t v = 0; v < G.rays.size(); ++v, ++i) {
            double* g = &F->g[(size_t)i * N1];
            to_doubles(G.rays[v], tmp);
            for (int k = 0; k < n; ++k) g[k + 1] = tmp[k];
            unit_ray(g + 1, n);
            F->sat[(size_t)i * F->W] |= 1;
        }
        F->nl = (int)G.lines.size();
        for (auto& l : G.lines) {
            to_doubles(l, tmp);
            unit_ray(tmp.data(), n);
            F->L.insert(F->L.end(), tmp.begin(), tmp.begin() + n);
        }
        for (Node* a = nd; a; a = a->parent.get()) {
            node_drows(a);
            for (size_t j = 0; j < a->rows.size(); ++j) {
                const int b = a->base + (int)j + 1;
                for (int t = 0; t < F->m; ++t) {
                    double mag, sl = fslack(a->drows[j].data(), &F->g[(size_t)t * N1], mag);
                    if (std::fabs(sl) <= FTOL * mag) F->sat[(size_t)t * F->W + b / 64] |= 1ULL << (b % 64);
                }
            }
        }
        return F;
    }

    // the cell P ∩ {a.x <= b} (row r = [b | a], the chain's row `idx`)
    FGensP dd_step(const FGens& P, const std::vector<double>& r, int idx) {
        const int N1 = n + 1, bit = idx + 1;
        auto F = std::make_shared<FGens>();
        F->W = std::max(P.W, (bit + 1 + 63) / 64);
        std::vector<double> s(P.m);
        std::vector<int> pos, neg;
        F->g.reserve((size_t)P.m * N1 * 2);
        F->sat.reserve((size_t)P.m * F->W * 2);
        auto push = [&](const double* g, const uint64_t* sat, bool on) {
            F->g.insert(F->g.end(), g, g + N1);
            size_t o = F->sat.size();
            F->sat.insert(F->sat.end(), sat, sat + P.W);
            F->sat.resize(o + F->W, 0);
            if (on) F->sat[o + bit / 64] |= 1ULL << (bit % 64);
            F->m++;
        };
        // a line not parallel to the row: every generator moves along it onto
        // the hyperplane, the other lines too, and it becomes the one new ray
        int lstar = -1;
        double lrel = 0;
        std::vector<double> ls(P.nl);
        for (int l = 0; l < P.nl; ++l) {
            double mag = 0, v = 0;
            for (int k = 0; k < n; ++k) {
                double t = r[k + 1] * P.L[(size_t)l * n + k];
                v += t;
                mag += std::fabs(t);
            }
            ls[l] = v;
            if (std::fabs(v) > FTOL * mag && std::fabs(v) / mag > lrel) { lrel = std::fabs(v) / mag; lstar = l; }
        }
        if (lstar >= 0) {
            const double* Ls = &P.L[(size_t)lstar * n];
            const double s0 = ls[lstar];
            std::vector<double> t(n);
            for (int l = 0; l < P.nl; ++l) {
                if (l == lstar) continue;
                for (int k = 0; k < n; ++k) t[k] = P.L[(size_t)l * n + k] - ls[l] / s0 * Ls[k];
                unit_ray(t.data(), n);
                F->L.insert(F->L.end(), t.begin(), t.end());
                F->nl++;
            }
            std::vector<double> g(N1);
            for (int i = 0; i < P.m; ++i) {
                const double* gi = &P.g[(size_t)i * N1];
                double mag, si = fslack(r.data(), gi, mag);
                g[0] = gi[0];
                for (int k = 0; k < n; ++k) g[k + 1] = gi[k + 1] - si / s0 * Ls[k];
                if (g[0] == 0) unit_ray(&g[1], n);
                push(g.data(), &P.sat[(size_t)i * P.W], true);
            }
            // the new ray points into a.x <= b and saturates every earlier row
            g[0] = 0;
            for (int k = 0; k < n; ++k) g[k + 1] = s0 > 0 ? -Ls[k] : Ls[k];
            size_t o = F->sat.size();
            F->g.insert(F->g.end(), g.begin(), g.end());
            F->sat.resize(o + F->W, 0);
            for (int b = 0; b < bit; ++b) F->sat[o + b / 64] |= 1ULL << (b % 64);
            F->m++;
            return F;
        }
        F->nl = P.nl;
        F->L = P.L;
        for (int i = 0; i < P.m; ++i) {
            double mag;
            s[i] = fslack(r.data(), &P.g[(size_t)i * N1], mag);
            if (s[i] > FTOL * mag) pos.push_back(i);
            else {
                bool on = s[i] >= -FTOL * mag;
                if (!on) neg.push_back(i);
                push(&P.g[(size_t)i * N1], &P.sat[(size_t)i * P.W], on);
            }
        }
        std::vector<uint64_t> common(F->W, 0);
        std::vector<double> g(N1);
        for (int p : pos) {
            const uint64_t* sp = &P.sat[(size_t)p * P.W];
            for (int q : neg) {
                const uint64_t* sq = &P.sat[(size_t)q * P.W];
                int cnt = 0;
                for (int w = 0; w < P.W; ++w) {
                    common[w] = sp[w] & sq[w];
                    cnt += __builtin_popcountll(common[w]);
                }
                if (cnt < n - 1 - P.nl) continue;
                bool adj = true;
                for (int t = 0; t < P.m && adj; ++t) {
                    if (t == p || t == q) continue;
                    const uint64_t* st_ = &P.sat[(size_t)t * P.W];
                    bool sub = true;
                    for (int w = 0; w < P.W; ++w)
                        if (common[w] & ~st_[w]) { sub = false; break; }
                    if (sub) adj = false;
                }
                if (!adj) continue;
                const double a = s[p], b = -s[q];
                const double* gp = &P.g[(size_t)p * N1];
                const double* gq = &P.g[(size_t)q * N1];
                for (int k = 0; k < N1; ++k) g[k] = (a * gq[k] + b * gp[k]) / (a + b);
                if (gp[0] == 0 && gq[0] == 0) {
                    g[0] = 0;
                    unit_ray(&g[1], n);
                } else {
                    for (int k = 1; k < N1; ++k) g[k] /= g[0];
                    g[0] = 1;
                }
                common[bit / 64] |= 1ULL << (bit % 64);
                push(g.data(), common.data(), false);
                for (int w = 0; w < F->W; ++w) F->sat[F->sat.size() - F->W + w] = common[w];
                std::fill(common.begin(), common.end(), 0);
            }
        }
        return F;
    }

    FGensP universe() const {   // R^n: the origin and n lines
        auto F = std::make_shared<FGens>();
        F->m = 1;
        F->W = 1;
        F->g.assign(n + 1, 0.0);
        F->g[0] = 1;
        F->sat.assign(1, 0);
        F->nl = n;
        F->L.assign((size_t)n * n, 0.0);
        for (int k = 0; k < n; ++k) F->L[(size_t)k * n + k] = 1;
        return F;
    }

    const FGens* fgens(Node* nd) {
        if (nd->FG) return nd->FG.get();
        if (nd->fg_tried) return nullptr;
        nd->fg_tried = true;
        if (nd->G && nd->G->minimal) {
            nd->FG = seed_fg(nd, *nd->G);
            return nd->FG.get();
        }
        Node* par = nd->parent.get();
        FGensP F;
        if (par) {
            if (!fgens(par)) return nullptr;
            F = par->FG;
        } else {
            F = universe();
        }
        node_drows(nd);
        for (size_t j = 0; j < nd->rows.size() && F; ++j) {
            F = dd_step(*F, nd->drows[j], nd->base + (int)j);
            // a cell with that many vertices (a box in many dimensions, given as the
            // domain) is left to the exact path, which says what it can
            if (F->m > FG_MAX) F = nullptr;
        }
        nd->FG = F;
        return nd->FG.get();
    }

    static const Vec& row_at(const Node* nd, int idx) {
        while (idx < nd->base) nd = nd->parent.get();
        return nd->rows[idx - nd->base];
    }

    const std::vector<double>& point_f(const Point& P) {
        if (P.f.size() != P.X.size()) {
            P.f.resize(P.X.size());
            for (size_t i = 0; i < P.X.size(); ++i) P.f[i] = ratio(P.X[i], P.D);
        }
        return P.f;
    }

    // the exact dyadic point with these coordinates (false: not finite)
    static bool point_from_doubles(const std::vector<double>& x, Point& p) {
        const int n_ = (int)x.size();
        int E = 0;
        for (int k = 0; k < n_; ++k) {
            if (!std::isfinite(x[k])) return false;
            if (x[k] != 0) {
                int e;
                std::frexp(x[k], &e);
                E = std::max(E, 53 - e);
            }
        }
        p.X.resize(n_);
        long low = E;   // common powers of two
        for (int k = 0; k < n_; ++k) {
            if (x[k] == 0) { p.X[k] = 0; continue; }
            int e;
            double m = std::frexp(x[k], &e);
            mpz_set_d(p.X[k].get_mpz_t(), std::ldexp(m, 53));   // an integer, exactly
            mpz_mul_2exp(p.X[k].get_mpz_t(), p.X[k].get_mpz_t(), (unsigned long)(e - 53 + E));
            low = std::min(low, (long)mpz_scan1(p.X[k].get_mpz_t(), 0));
        }
        if (low > 0)
            for (auto& v : p.X) mpz_fdiv_q_2exp(v.get_mpz_t(), v.get_mpz_t(), (unsigned long)low);
        p.D = 1;
        mpz_mul_2exp(p.D.get_mpz_t(), p.D.get_mpz_t(), (unsigned long)(E - low));
        p.f = x;
        return true;
    }

    // The sign of D (b - a.q) for the row [b | a] at the exact point q = X/D with
    // coordinates exactly qf: a float filter with a rigorous error bound, exact
    // integers when it cannot tell.
    int slack_sign(const Vec& row, const std::vector<double>& dr, const Point& q) {
        double v = dr[0], mag = std::fabs(dr[0]);
        for (int i = 0; i < n; ++i) {
            double t = dr[i + 1] * q.f[i];
            v -= t;
            mag += std::fabs(t);
        }
        double bound = (n + 6) * 2.3e-16 * mag + 1e-290;
        if (v > bound) return 1;
        if (v < -bound) return -1;
        mpz_mul(t1.get_mpz_t(), row[0].get_mpz_t(), q.D.get_mpz_t());
        for (int i = 0; i < n; ++i)
            if (sgn(row[i + 1])) mpz_submul(t1.get_mpz_t(), row[i + 1].get_mpz_t(), q.X[i].get_mpz_t());
        return sgn(t1);
    }

    // q strictly inside every row of the cell of `nd`
    bool strictly_inside(Node* nd, const Point& q) {
        for (Node* a = nd; a; a = a->parent.get()) {
            node_drows(a);
            for (size_t j = 0; j < a->rows.size(); ++j)
                if (slack_sign(a->rows[j], a->drows[j], q) <= 0) return false;
        }
        return true;
    }

    // Exact proof that sg * h <= 0 on the closed cell of `nd` (h = row[0] +
    // row[1:].x): multipliers y >= 0 on the n rows that vertex vi saturates,
    // with sum y_i a_i = sg row[1:] and sg row[0] + sum y_i b_i <= 0 (Farkas);
    // then sg h(x) <= sg row[0] + y.b <= 0 wherever a_i.x <= b_i.
    std::vector<mpz_class> cm, cy;   // scratch: a matrix, a solution
    //
    // At a degenerate vertex (more than n rows through it) the n rows are chosen
    // among them: the first few n-subsets whose float solve gives y >= 0.
    bool certify(Node* nd, const FGens& F, int vi, const Vec& row, const std::vector<double>& rd, int sg) {
        std::vector<int> idx;
        const uint64_t* S = &F.sat[(size_t)vi * F.W];
        for (int w = 0; w < F.W; ++w)
            for (uint64_t x = S[w]; x; x &= x - 1) {
                int b = w * 64 + __builtin_ctzll(x);
                if (b) idx.push_back(b - 1);
            }
        const int s = (int)idx.size();
        if (s < n) return false;
        std::vector<const Vec*> R(n);
        std::vector<uint64_t> key(n);
        if (s == n) {
            for (int i = 0; i < n; ++i) R[i] = row_ref(nd, idx[i], key[i]);
            return certify_rows(R, key, row, sg);
        }
        std::vector<const double*> DR(s);
        for (int i = 0; i < s; ++i) DR[i] = drow_at(nd, idx[i]);
        std::vector<int> pick(n);
        for (int i = 0; i < n; ++i) pick[i] = i;
        for (int tries = 0; tries < 64; ++tries) {
            std::vector<const double*> cols(n);
            for (int i = 0; i < n; ++i) cols[i] = DR[pick[i]];
            if (fsolve_nonneg(cols, rd, sg)) {
                for (int i = 0; i < n; ++i) R[i] = row_ref(nd, idx[pick[i]], key[i]);
                if (certify_rows(R, key, row, sg)) return true;
            }
            int i = n - 1;   // the next n-subset in lexicographic order
            while (i >= 0 && pick[i] == s - n + i) --i;
            if (i < 0) break;
            ++pick[i];
            for (int j = i + 1; j < n; ++j) pick[j] = pick[j - 1] + 1;
        }
        return false;
    }

    const double* drow_at(Node* nd, int idx) {
        while (idx < nd->base) nd = nd->parent.get();
        node_drows(nd);
        return nd->drows[idx - nd->base].data();
    }

    // sum_i y_i a_i = sg rd[1:] in doubles (a_i = cols[i][1:]): nonsingular with
    // y >= 0 up to rounding?
    std::vector<double> fm;
    bool fsolve_nonneg(const std::vector<const double*>& cols, const std::vector<double>& rd, int sg) {
        const int N1 = n + 1;
        fm.resize((size_t)n * N1);
        for (int k = 0; k < n; ++k) {
            for (int i = 0; i < n; ++i) fm[(size_t)k * N1 + i] = cols[i][k + 1];
            fm[(size_t)k * N1 + n] = sg * rd[k + 1];
        }
        for (int k = 0; k < n; ++k) {
            int p = k;
            for (int r = k + 1; r < n; ++r)
                if (std::fabs(fm[(size_t)r * N1 + k]) > std::fabs(fm[(size_t)p * N1 + k])) p = r;
            if (std::fabs(fm[(size_t)p * N1 + k]) < 1e-12) return false;
            if (p != k)
                for (int j = 0; j < N1; ++j) std::swap(fm[(size_t)k * N1 + j], fm[(size_t)p * N1 + j]);
            for (int r = k + 1; r < n; ++r) {
                double f = fm[(size_t)r * N1 + k] / fm[(size_t)k * N1 + k];
                for (int j = k; j < N1; ++j) fm[(size_t)r * N1 + j] -= f * fm[(size_t)k * N1 + j];
            }
        }
        std::vector<double> y(n);
        double ymax = 0;
        for (int i = n - 1; i >= 0; --i) {
            double v = fm[(size_t)i * N1 + n];
            for (int j = i + 1; j < n; ++j) v -= fm[(size_t)i * N1 + j] * y[j];
            y[i] = v / fm[(size_t)i * N1 + i];
            ymax = std::max(ymax, std::fabs(y[i]));
        }
        for (int i = 0; i < n; ++i)
            if (y[i] < -1e-9 * ymax) return false;
        return true;
    }

    // the row `idx` of the chain of `nd`, and a name for it no other row has
    static const Vec* row_ref(const Node* nd, int idx, uint64_t& id) {
        while (idx < nd->base) nd = nd->parent.get();
        id = (nd->serial << 24) | (uint64_t)(idx - nd->base);
        return &nd->rows[idx - nd->base];
    }

    // Bareiss's fraction-free elimination of the n x w matrix in cm (the first n
    // columns M, the rest right-hand sides); false when M is singular.  Then
    // D = cm(n-1, n-1) is +-det M, and back_substitute(c, out) gives out = D M^-1
    // times column c, in integers.
    bool bareiss(int w) {
        auto A = [&](int i, int j) -> mpz_class& { return cm[(size_t)i * w + j]; };
        mpz_class prev = 1;
        for (int k = 0; k < n; ++k) {
            if (!sgn(A(k, k))) {
                int r = k + 1;
                while (r < n && !sgn(A(r, k))) ++r;
                if (r == n) return false;
                for (int j = 0; j < w; ++j) mpz_swap(A(k, j).get_mpz_t(), A(r, j).get_mpz_t());
            }
            for (int i = k + 1; i < n; ++i) {
                for (int j = k + 1; j < w; ++j) {
                    mpz_mul(t1.get_mpz_t(), A(i, j).get_mpz_t(), A(k, k).get_mpz_t());
                    mpz_submul(t1.get_mpz_t(), A(i, k).get_mpz_t(), A(k, j).get_mpz_t());
                    mpz_divexact(A(i, j).get_mpz_t(), t1.get_mpz_t(), prev.get_mpz_t());
                }
                A(i, k) = 0;
            }
            prev = A(k, k);
        }
        return true;
    }

    // (out[i * stride]: the i-th entry); false if a division is not exact (never
    // for a correct elimination; the callers check their results anyway)
    bool back_substitute(int w, int c, mpz_class* out, int stride) {
        auto A = [&](int i, int j) -> mpz_class& { return cm[(size_t)i * w + j]; };
        const mpz_class& D = A(n - 1, n - 1);
        for (int i = n - 1; i >= 0; --i) {
            mpz_mul(t1.get_mpz_t(), A(i, c).get_mpz_t(), D.get_mpz_t());
            for (int j = i + 1; j < n; ++j)
                mpz_submul(t1.get_mpz_t(), A(i, j).get_mpz_t(), out[(size_t)j * stride].get_mpz_t());
            mpz_tdiv_qr(out[(size_t)i * stride].get_mpz_t(), t2.get_mpz_t(), t1.get_mpz_t(), A(i, i).get_mpz_t());
            if (sgn(t2)) return false;
        }
        return true;
    }

    // X = D M^-1 (the adjugate up to sign) of the n x n matrix M whose columns are
    // the normals of the rows R, checked exactly (M X = D I), made the second time
    // a basis is met (one vertex serves many units and many cells below it; the
    // first time, one solve is cheaper) and kept by the rows' names.
    struct Inverse {
        std::vector<mpz_class> X;
        mpz_class D;
    };
    std::map<std::vector<uint64_t>, std::shared_ptr<const Inverse>> inv_cache;
    static const long INV_CACHE = 1 << 16;   // entries * n^2 integers kept at most

    std::shared_ptr<const Inverse> inverse(const std::vector<const Vec*>& R, const std::vector<uint64_t>& key) {
        auto it = inv_cache.find(key);
        if (it == inv_cache.end()) {
            if ((long)(inv_cache.size() + 1) * n * n > INV_CACHE) inv_cache.clear();
            inv_cache.emplace(key, nullptr);
            return nullptr;
        }
        if (it->second) return it->second;
        st.inverses++;
        const int N2 = 2 * n;
        cm.resize((size_t)n * N2);
        for (int k = 0; k < n; ++k)
            for (int j = 0; j < N2; ++j)
                cm[(size_t)k * N2 + j] = j < n ? (*R[j])[k + 1] : mpz_class(j - n == k ? 1 : 0);
        if (!bareiss(N2)) return nullptr;
        auto inv = std::make_shared<Inverse>();
        inv->D = cm[(size_t)(n - 1) * N2 + n - 1];
        const mpz_class& D = inv->D;
        inv->X.resize((size_t)n * n);
        auto X = [&](int i, int j) -> mpz_class& { return inv->X[(size_t)i * n + j]; };
        for (int c = 0; c < n; ++c)
            if (!back_substitute(N2, n + c, &X(0, c), n)) return nullptr;
        // the check that makes it a proof: M X == D I
        for (int k = 0; k < n; ++k)
            for (int c = 0; c < n; ++c) {
                if (k == c) t1 = -D;
                else t1 = 0;
                for (int i = 0; i < n; ++i) mpz_addmul(t1.get_mpz_t(), (*R[i])[k + 1].get_mpz_t(), X(i, c).get_mpz_t());
                if (sgn(t1)) return nullptr;
            }
        it->second = inv;
        return inv;
    }

    // one solve of M (D y) = D sg row[1:] (Bareiss), checked exactly
    bool certify_once(const std::vector<const Vec*>& R, const Vec& row, int sg) {
        const int N1 = n + 1;
        cm.resize((size_t)n * N1);
        cy.resize(n);
        for (int k = 0; k < n; ++k) {
            for (int i = 0; i < n; ++i) cm[(size_t)k * N1 + i] = (*R[i])[k + 1];
            cm[(size_t)k * N1 + n] = row[k + 1];
            if (sg < 0) cm[(size_t)k * N1 + n] = -cm[(size_t)k * N1 + n];
        }
        if (!bareiss(N1) || !back_substitute(N1, n, cy.data(), 1)) return false;
        const mpz_class D = cm[(size_t)(n - 1) * N1 + n - 1];
        const int sD = sgn(D);
        for (int i = 0; i < n; ++i)
            if (sgn(cy[i]) * sD < 0) return false;
        // the check that makes it a proof: sum_i (D y_i) a_i == D sg row[1:]
        for (int k = 0; k < n; ++k) {
            mpz_mul(t1.get_mpz_t(), D.get_mpz_t(), row[k + 1].get_mpz_t());
            if (sg < 0) t1 = -t1;
            for (int i = 0; i < n; ++i) mpz_submul(t1.get_mpz_t(), cy[i].get_mpz_t(), (*R[i])[k + 1].get_mpz_t());
            if (sgn(t1)) return false;
        }
        mpz_mul(t1.get_mpz_t(), D.get_mpz_t(), row[0].get_mpz_t());
        if (sg < 0) t1 = -t1;
        for (int i = 0; i < n; ++i) mpz_addmul(t1.get_mpz_t(), cy[i].get_mpz_t(), (*R[i])[0].get_mpz_t());
        return sgn(t1) * sD <= 0;
    }

    // with M y = sg row[1:] (M: columns the rows' normals), y = X sg row[1:] / D
    bool certify_rows(const std::vector<const Vec*>& R, const std::vector<uint64_t>& key,
                      const Vec& row, int sg) {
        auto inv = inverse(R, key);
        if (!inv) return certify_once(R, row, sg);
        const mpz_class& D = inv->D;
        const int sD = sgn(D) * sg;   // signs below are taken of D y / sg
        cy.resize(n);
        for (int i = 0; i < n; ++i) {
            cy[i] = 0;
            for (int k = 0; k < n; ++k)
                mpz_addmul(cy[i].get_mpz_t(), inv->X[(size_t)i * n + k].get_mpz_t(), row[k + 1].get_mpz_t());
            if (sgn(cy[i]) * sD < 0) return false;   // y_i < 0
        }
        // sg row[0] + y.b <= 0, times D sg... : D row[0] + sum (D y_i / sg) b_i
        mpz_mul(t1.get_mpz_t(), D.get_mpz_t(), row[0].get_mpz_t());
        for (int i = 0; i < n; ++i) mpz_addmul(t1.get_mpz_t(), cy[i].get_mpz_t(), (*R[i])[0].get_mpz_t());
        return sgn(t1) * sD <= 0;
    }

    // Does the hyperplane `row` cut the cell, whose known points lie strictly on
    // side `same`?  1: yes, with q an exact point strictly inside the cell and
    // strictly on the other side; 0: no (proven exactly); -1: not shown here.
    int float_decide(Cell& c, const Vec& row, int same, PointP& q) {
        if (!use_float) return -1;
        Node* nd = c.node.get();
        const FGens* F = fgens(nd);
        if (!F || F->m == 0) return -1;
        const int N1 = n + 1;
        std::vector<double> rd;
        to_doubles(row, rd);
        const double sg = same ? -1.0 : 1.0;   // the other side: sg h > 0
        int best = -1, bray = -1;
        double bv = -HUGE_VAL, bmag = 0, brel = 0;
        for (int i = 0; i < F->m; ++i) {
            const double* g = &F->g[(size_t)i * N1];
            double v = rd[0] * g[0], mag = std::fabs(v);
            for (int k = 0; k < n; ++k) {
                double t = rd[k + 1] * g[k + 1];
                v += t;
                mag += std::fabs(t);
            }
            v *= sg;
            if (g[0] == 0) {
                if (v > FTOL * mag && v / mag > brel) { brel = v / mag; bray = i; }
            } else if (v > bv) {
                bv = v;
                bmag = mag;
                best = i;
            }
        }
        double bdir = 1;
        std::vector<double> lray;
        for (int l = 0; l < F->nl; ++l) {   // a line not parallel to the hyperplane
            const double* x = &F->L[(size_t)l * n];
            double v = 0, mag = 0;
            for (int k = 0; k < n; ++k) {
                double t = rd[k + 1] * x[k];
                v += t;
                mag += std::fabs(t);
            }
            if (std::fabs(v) > FTOL * mag && std::fabs(v) / mag > brel) {
                brel = std::fabs(v) / mag;
                bdir = (v * sg > 0) ? 1 : -1;
                lray.assign(x, x + n);
                bray = F->m;   // marks "a line"
            }
        }
        if (bray < 0 && best < 0) return -1;
        if (bray < 0 && bv < -FTOL * bmag) {
            if (F->nl) return -1;
            if (certify(nd, *F, best, row, rd, same ? -1 : 1)) { st.fcerts++; return 0; }
            return -1;
        }
        if (bray < 0 && bv <= FTOL * bmag) {
            // the hyperplane seems to touch the cell at a vertex: maybe it only touches
            if (!F->nl && certify(nd, *F, best, row, rd, same ? -1 : 1)) { st.fcerts++; return 0; }
            return -1;
        }
        // a point past the hyperplane: from the interior point toward the vertex
        // (half of the vertex's value), or along the ray (the mirror value)
        const Point& P = *c.pts[0];
        const std::vector<double>& pf = point_f(P);
        double hp = rd[0];
        for (int k = 0; k < n; ++k) hp += rd[k + 1] * pf[k];
        hp *= sg;   // < 0
        std::vector<double> x(n);
        if (bray >= 0) {
            if (bray == F->m)
                for (auto& v : lray) v *= bdir;
            const double* r = bray == F->m ? lray.data() : &F->g[(size_t)bray * N1 + 1];
            double dr = 0;
            for (int k = 0; k < n; ++k) dr += rd[k + 1] * r[k];
            dr *= sg;
            if (!(dr > 0)) return -1;
            double t = -2 * hp / dr;
            for (int k = 0; k < n; ++k) x[k] = pf[k] + t * r[k];
        } else {
            const double* v = &F->g[(size_t)best * N1 + 1];
            double t = (bv / 2 - hp) / (bv - hp);
            for (int k = 0; k < n; ++k) x[k] = pf[k] + t * (v[k] - pf[k]);
        }
        auto qq = std::make_shared<Point>();
        if (!point_from_doubles(x, *qq)) return -1;
        // strictly past the hyperplane, and strictly inside the cell
        value(t2.get_mpz_t(), row, *qq);
        if (sgn(t2) * (same ? -1 : 1) <= 0 || !strictly_inside(nd, *qq)) return -1;
        q = qq;
        st.fcuts++;
        return 1;
    }

    // -- layers --------------------------------------------------------------

    void pre_activations(const Layer& L, const Mat& T, Mat& Z) {
        Z = Mat(L.k, T.c);
        for (int i = 0; i < L.k; ++i) {
            for (int t = 0; t < L.m; ++t) {
                const mpz_class& w = L.N.at(i, t);
                if (!sgn(w)) continue;
                for (int c = 0; c < T.c; ++c)
                    if (sgn(T.at(t, c)))
                        mpz_addmul(Z.at(i, c).get_mpz_t(), w.get_mpz_t(), T.at(t, c).get_mpz_t());
            }
            mpz_addmul(Z.at(i, 0).get_mpz_t(), L.N.at(i, L.m).get_mpz_t(), T.den.get_mpz_t());
        }
        Z.den = T.den * L.den;
        reduce(Z);
    }

    // the layer's output map on a cell with decisions `bits` (a K_HINGES layer)
    // (over the denominator Z.den * L.Q, then reduced)
    void layer_output(const Layer& L, const Mat& Z, const std::vector<int>& bits, Mat& T) {
        T = Z;
        const bool scale = L.Q != 1;
        for (int i = 0; i < L.k; ++i) {
            const int side = !L.cut[i] || bits[i];
            const int how = L.piece[side][i];
            if (how == P_COPY) {
                if (scale)
                    for (int c = 0; c < T.c; ++c) T.at(i, c) *= L.Q;
            } else if (how == P_ZERO) {
                for (int c = 0; c < T.c; ++c) T.at(i, c) = 0;
            } else {   // (a Q) z + (c Q) Z.den
                const mpz_class& a = L.A[side][i];
                for (int c = 0; c < T.c; ++c) T.at(i, c) *= a;
                mpz_addmul(T.at(i, 0).get_mpz_t(), L.C[side][i].get_mpz_t(), Z.den.get_mpz_t());
            }
        }
        if (scale) {
            T.den = Z.den * L.Q;
            reduce(T);
        }
    }

    // row [h | g] with z_j(x) - s = (h + g.x)/positive (s: the unit's cut)
    void hyperplane(const Layer& L, const Mat& Z, int j, Vec& row) {
        row.assign(Z.a.begin() + (size_t)j * Z.c, Z.a.begin() + (size_t)(j + 1) * Z.c);
        if (sgn(L.sp[j])) {
            if (L.sq[j] != 1)
                for (auto& v : row) v *= L.sq[j];
            mpz_submul(row[0].get_mpz_t(), L.sp[j].get_mpz_t(), Z.den.get_mpz_t());
        }
    }

    static Vec side_row(const Vec& row, int active) {
        Vec r(row.size());
        if (active) {
            r[0] = row[0];
            for (size_t i = 1; i < row.size(); ++i) r[i] = -row[i];
        } else {
            r[0] = -row[0];
            for (size_t i = 1; i < row.size(); ++i) r[i] = row[i];
        }
        primitive(r);
        return r;
    }

    // q on the open segment from P to the vertex c/d, past the hyperplane `row`
    // (A = D row(P), B = d row(c/d), of opposite signs): interior to every
    // convex set that has P inside and c/d in its closure.  q = 2^-k P +
    // (1 - 2^-k) c/d with the least k >= 1 such that 2^k |B| D > |A| d + |B| D,
    // i.e. past the crossing t0 = A d / (A d - B D): a dyadic step keeps q's
    // integers about half the size of the midpoint between crossing and vertex.
    void toward_vertex(const Vec& c, const mpz_class& d, const mpz_class& A, const mpz_class& B,
                       const Point& P, Point& q) {
        const size_t n_ = P.X.size();
        q.X.resize(n_);
        mpz_class a = abs(A) * d, b = abs(B) * P.D;
        mpz_class rhs = a + b, lhs;
        long k = (long)mpz_sizeinbase(a.get_mpz_t(), 2) - (long)mpz_sizeinbase(b.get_mpz_t(), 2);
        if (k < 1) k = 1;
        for (;; ++k) {
            mpz_mul_2exp(lhs.get_mpz_t(), b.get_mpz_t(), k);
            if (lhs > rhs) break;
        }
        mpz_class w;   // (2^k - 1) D
        mpz_mul_2exp(w.get_mpz_t(), P.D.get_mpz_t(), k);
        w -= P.D;
        for (size_t i = 0; i < n_; ++i) {
            q.X[i] = P.X[i] * d;
            mpz_addmul(q.X[i].get_mpz_t(), w.get_mpz_t(), c[i].get_mpz_t());
        }
        mpz_mul_2exp(q.D.get_mpz_t(), P.D.get_mpz_t(), k);
        q.D *= d;
    }

    // q = P + s ray with row(q) = -row(P) (g.ray of the sign opposite to A)
    void along_ray(const Vec& row, const Vec& ray, int dir, const mpz_class& A, const Point& P, Point& q) {
        const size_t n_ = P.X.size();
        q.X.resize(n_);
        mpz_class Gm;
        dot(Gm.get_mpz_t(), row, ray);
        if (dir > 0) Gm = -Gm;   // -g.(dir ray)
        mpz_class twoA = 2 * A;
        if (dir < 0) twoA = -twoA;
        for (size_t i = 0; i < n_; ++i) {
            q.X[i] = P.X[i] * Gm;
            mpz_addmul(q.X[i].get_mpz_t(), twoA.get_mpz_t(), ray[i].get_mpz_t());
        }
        q.D = P.D * Gm;
    }

    static void normalize_point(Point& q) {
        if (sgn(q.D) < 0) {
            q.D = -q.D;
            for (auto& v : q.X) v = -v;
        }
        mpz_class g = q.D;
        for (auto& v : q.X) {
            if (g == 1) break;
            mpz_gcd(g.get_mpz_t(), g.get_mpz_t(), v.get_mpz_t());
        }
        if (g > 1) {
            mpz_divexact(q.D.get_mpz_t(), q.D.get_mpz_t(), g.get_mpz_t());
            for (auto& v : q.X) mpz_divexact(v.get_mpz_t(), v.get_mpz_t(), g.get_mpz_t());
        }
    }

    // An exact interior point of the cell strictly on the side of `row` opposite
    // to `same`, where P lies strictly on side `same`, from the cell's exact
    // generators G; null when the other side has no interior (see _other_side in
    // activation.py).
    PointP other_side(const Vec& row, int same, const Gens& G, const Point& P) {
        const int sg = same ? -1 : 1;
        mpz_class A, B;
        value(A.get_mpz_t(), row, P);
        auto q = std::make_shared<Point>();
        for (size_t v = 0; v < G.pts.size(); ++v) {
            const Vec& c = G.pts[v];
            const mpz_class& d = G.div[v];
            dot(B.get_mpz_t(), row, c);
            mpz_addmul(B.get_mpz_t(), row[0].get_mpz_t(), d.get_mpz_t());   // d * row(c/d)
            if (sgn(B) * sg > 0) {
                toward_vertex(c, d, A, B, P, *q);
                normalize_point(*q);
                return q;
            }
        }
        for (auto& r : G.rays) {
            dot(t1.get_mpz_t(), row, r);
            if (sgn(t1) * sg > 0) {
                along_ray(row, r, 1, A, P, *q);
                normalize_point(*q);
                return q;
            }
        }
        for (auto& r : G.lines) {
            dot(t1.get_mpz_t(), row, r);
            if (sgn(t1)) {
                int dir = sgn(t1) * sg > 0 ? 1 : -1;
                along_ray(row, r, dir, A, P, *q);
                normalize_point(*q);
                return q;
            }
        }
        return nullptr;
    }

    // -- doubles (they only choose; every decision is checked exactly) -------

    static double ratio(const mpz_class& c, const mpz_class& d) {
        long ec, ed;
        double mc = mpz_get_d_2exp(&ec, c.get_mpz_t());
        double md = mpz_get_d_2exp(&ed, d.get_mpz_t());
        return std::ldexp(mc / md, (int)(ec - ed));
    }

    static void to_doubles(const Vec& v, std::vector<double>& out) {   // scaled by a power of 2
        long emax = LONG_MIN, e;
        for (auto& x : v)
            if (sgn(x)) { mpz_get_d_2exp(&e, x.get_mpz_t()); if (e > emax) emax = e; }
        out.resize(v.size());
        for (size_t i = 0; i < v.size(); ++i) {
            if (!sgn(v[i])) { out[i] = 0; continue; }
            double m = mpz_get_d_2exp(&e, v[i].get_mpz_t());
            out[i] = std::ldexp(m, (int)(e - emax));
        }
    }

    // screening of the layer-start cell (see _advance)
    void screen(Cell& c, const Layer& L) {
        std::vector<PointP> pts = c.pts;
        std::vector<PointP> added;
        auto S = std::make_shared<std::vector<int>>();
        S->reserve(L.units);
        Vec row;
        for (int u = 0; u < L.units; ++u) {
            if (!L.cut[u]) {   // a unit without a cut (identity): entry 1
                S->push_back(1);
                continue;
            }
            hyperplane(L, *c.Z, u, row);
            bool flat = true;
            for (size_t i = 1; i < row.size(); ++i)
                if (sgn(row[i])) { flat = false; break; }
            if (flat) {
                st.trivial++;
                S->push_back(sgn(row[0]) > 0);
                continue;
            }
            bool neg = false, pos = false, zero = false;
            for (auto& p : pts) {
                value(t2.get_mpz_t(), row, *p);
                int s = sgn(t2);
                if (s > 0) pos = true;
                else if (s < 0) neg = true;
                else zero = true;
            }
            if (zero || (neg && pos)) {
                S->push_back(-1);
                continue;
            }
            int same = pos ? 1 : 0;
            PointP q;
            int fd = float_decide(c, row, same, q);
            if (fd == 0) {
                S->push_back(same);
                continue;
            }
            if (fd < 0) st.fother++;
            if (!q) q = other_side(row, same, gens(c), *c.pts[0]);
            if (!q) {
                S->push_back(same);
            } else {
                S->push_back(-1);
                pts.push_back(q);
                added.push_back(q);
            }
        }
        c.S = S;
        if (!added.empty()) {
            for (auto& q : added) {
                if ((int)c.pts.size() >= MAXW + 1) break;
                c.pts.push_back(q);
            }
        }
    }

    // Does the hyperplane `row` keep one sign on the whole closed cell with
    // generators G?  Returns that side (1: >= 0, 0: <= 0) or -1 when it cuts.
    int one_side(const Vec& row, const Gens& G) {
        bool neg = false, pos = false;
        for (size_t v = 0; v < G.pts.size(); ++v) {
            dot(t3.get_mpz_t(), row, G.pts[v]);
            mpz_addmul(t3.get_mpz_t(), row[0].get_mpz_t(), G.div[v].get_mpz_t());
            int s = sgn(t3);
            if (s > 0) pos = true;
            else if (s < 0) neg = true;
            if (pos && neg) return -1;
        }
        for (auto& r : G.rays) {
            dot(t3.get_mpz_t(), row, r);
            int s = sgn(t3);
            if (s > 0) pos = true;
            else if (s < 0) neg = true;
            if (pos && neg) return -1;
        }
        for (auto& r : G.lines) {
            dot(t3.get_mpz_t(), row, r);
            if (sgn(t3)) return -1;
        }
        return pos ? 1 : 0;   // all zero cannot happen: the row is not constant
    }

    // A cell's generators were just computed in the middle of a layer: every
    // later unit that cut the layer-start cell but keeps one sign on this cell
    // is settled for this cell and all of its sub-cells (one pass, no points).
    void rescreen(Cell& c, const Layer& L, const Gens& G) {
        auto S = std::make_shared<std::vector<int>>(*c.S);
        Vec row;
        bool changed = false;
        for (int u = c.j; u < L.units; ++u) {
            if ((*S)[u] >= 0) continue;
            hyperplane(L, *c.Z, u, row);
            int side = one_side(row, G);
            if (side >= 0) {
                (*S)[u] = side;
                changed = true;
            }
        }
        if (changed) c.S = S;
    }

    // Take every decision that needs no LP; ADV_SPLIT with the two children,
    // ADV_LEAF with the leaf, or ADV_PYTHON when an LP (or maxout) is next.
    int advance(Cell& c, std::unique_ptr<Cell> kids[2], Leaf* leaf, bool keep) {
        Vec row;
        for (;;) {
            const Layer& L = layers[c.l];
            if (c.j >= L.units) {
                if (L.kind == K_PYTHON) return ADV_PYTHON;
                bool last = c.l + 1 == (int)layers.size();
                if (last && !keep) return ADV_LEAF;
                auto T = std::make_shared<Mat>();
                layer_output(L, *c.Z, c.bits, *T);
                c.pattern.push_back(c.bits);
                if (last) {
                    leaf->pattern = c.pattern;
                    leaf->X = c.pts[0];
                    leaf->T = T;
                    leaf->node = c.node;
                    return ADV_LEAF;
                }
                auto Z = std::make_shared<Mat>();
                pre_activations(layers[c.l + 1], *T, *Z);
                c.l++;
                c.j = 0;
                c.bits.clear();
                c.S.reset();
                c.Z = Z;
                continue;
            }
            if (L.kind == K_PYTHON) return ADV_PYTHON;
            if (!c.S) {
                screen(c, L);
                continue;
            }
            int s = (*c.S)[c.j];
            if (s >= 0) {
                st.screened++;
                c.bits.push_back(s);
                c.j++;
                continue;
            }
            hyperplane(L, *c.Z, c.j, row);
            std::vector<PointP> neg, pos;
            bool zero = false;
            for (auto& p : c.pts) {
                value(t2.get_mpz_t(), row, *p);
                int sg = sgn(t2);
                if (sg > 0) pos.push_back(p);
                else if (sg < 0) neg.push_back(p);
                else zero = true;
            }
            if (!neg.empty() && !pos.empty()) {
                st.free_cuts++;
            } else if (!zero) {
                int same = pos.empty() ? 0 : 1;
                PointP q;
                int fd = float_decide(c, row, same, q);
                if (fd == 0) {
                    st.screened++;
                    c.bits.push_back(same);
                    c.j++;
                    continue;
                }
                if (fd < 0) st.fother++;
                if (!q && !c.node->G) {
                    rescreen(c, L, gens(c));
                    if ((*c.S)[c.j] >= 0) continue;
                }
                if (!q) q = other_side(row, same, gens(c), *c.pts[0]);
                if (!q) {
                    st.screened++;
                    c.bits.push_back(same);
                    c.j++;
                    continue;
                }
                (same == 0 ? pos : neg).push_back(q);
            } else {
                return ADV_PYTHON;   // a side without a known point: an LP decides
            }
            st.cuts++;
            for (int bit = 0; bit < 2; ++bit) {
                std::vector<PointP>& side = bit ? pos : neg;
                std::unique_ptr<Cell> k(new Cell());
                k->l = c.l;
                k->j = c.j + 1;
                k->pattern = c.pattern;
                k->bits = c.bits;
                k->bits.push_back(bit);
                k->node = std::make_shared<Node>();
                k->node->serial = next_serial++;
                k->node->parent = c.node;
                k->node->base = c.node->base + (int)c.node->rows.size();
                k->node->rows.push_back(side_row(row, bit));
                c.node->users++;
                size_t m = std::min(side.size(), (size_t)(MAXW + 1));
                k->pts.assign(side.begin(), side.begin() + m);
                k->Z = c.Z;
                k->S = c.S;
                kids[bit] = std::move(k);
            }
            return ADV_SPLIT;
        }
    }
};

// ---------------------------------------------------------------------------
// the boundary with activation.py's _Cell / _Leaf

static const char* CAPSULE = "tropsage.regions._engine.Cell";

static void capsule_free(PyObject* cap) {
    delete (Cell*)PyCapsule_GetPointer(cap, CAPSULE);
}

struct Bridge {
    Engine eng;
    PyObject* cell_cls = nullptr;   // activation._Cell
    PyObject* leaf_cls = nullptr;   // activation._Leaf
    PyObject* mat = nullptr;        // rows -> numpy object matrix

    ~Bridge() {
        Py_XDECREF(cell_cls);
        Py_XDECREF(leaf_cls);
        Py_XDECREF(mat);
    }

    static PyObject* attr(PyObject* o, const char* name) { return PyObject_GetAttrString(o, name); }

    static int get_int(PyObject* o, const char* name, int& out) {
        PyObject* v = attr(o, name);
        if (!v) return -1;
        long x = PyLong_AsLong(v);
        Py_DECREF(v);
        if (x == -1 && PyErr_Occurred()) return -1;
        out = (int)x;
        return 0;
    }

    static int get_mpz(PyObject* o, const char* name, mpz_class& out) {
        PyObject* v = attr(o, name);
        if (!v) return -1;
        int r = py_to_mpz(v, out);
        Py_DECREF(v);
        return r;
    }

    // rows (a sequence of sequences) -> Mat with `c` columns (c < 0: read it)
    static int rows_to(PyObject* rows, std::vector<Vec>& out) {
        PyObject* f = PySequence_Fast(rows, "expected rows");
        if (!f) return -1;
        Py_ssize_t m = PySequence_Fast_GET_SIZE(f);
        out.resize(m);
        for (Py_ssize_t i = 0; i < m; ++i)
            if (py_to_vec(PySequence_Fast_GET_ITEM(f, i), out[i]) < 0) { Py_DECREF(f); return -1; }
        Py_DECREF(f);
        return 0;
    }

    static int matrix(PyObject* M, Mat& out) {   // a numpy matrix (tolist) or rows
        PyObject* rows = PyObject_HasAttrString(M, "tolist") ? PyObject_CallMethod(M, "tolist", nullptr)
                                                             : (Py_INCREF(M), M);
        if (!rows) return -1;
        std::vector<Vec> R;
        int r = rows_to(rows, R);
        Py_DECREF(rows);
        if (r < 0) return -1;
        int c = R.empty() ? 0 : (int)R[0].size();
        out = Mat((int)R.size(), c);
        for (size_t i = 0; i < R.size(); ++i) {
            if ((int)R[i].size() != c) {
                PyErr_SetString(PyExc_ValueError, "ragged matrix");
                return -1;
            }
            for (int j = 0; j < c; ++j) out.at(i, j) = R[i][j];
        }
        return 0;
    }

    PyObject* mat_to_py(const Mat& M) {
        PyObject* rows = PyList_New(M.r);
        if (!rows) return nullptr;
        for (int i = 0; i < M.r; ++i) {
            PyObject* row = PyList_New(M.c);
            if (!row) { Py_DECREF(rows); return nullptr; }
            for (int j = 0; j < M.c; ++j) {
                PyObject* x = mpz_to_py(M.at(i, j));
                if (!x) { Py_DECREF(row); Py_DECREF(rows); return nullptr; }
                PyList_SET_ITEM(row, j, x);
            }
            PyList_SET_ITEM(rows, i, row);
        }
        PyObject* out = PyObject_CallFunction(mat, "Oii", rows, M.r, M.c);
        Py_DECREF(rows);
        return out;
    }

    // a Fraction's numerator and denominator
    static int fraction(PyObject* par, mpz_class& p, mpz_class& q) {
        int r = get_mpz(par, "numerator", p);
        return r == 0 ? get_mpz(par, "denominator", q) : r;
    }

    // the units' hinges from _Layer.hinges: per unit (s, a0, c0, a1, c1),
    // Fractions, s = None for a unit without a cut; None: a K_PYTHON layer
    static int unit_hinges(Layer& L, PyObject* hs) {
        L.kind = hs == Py_None ? K_PYTHON : K_HINGES;
        L.Q = 1;
        if (L.kind == K_PYTHON) return 0;
        PyObject* f = PySequence_Fast(hs, "expected the units' hinges");
        if (!f) return -1;
        if (PySequence_Fast_GET_SIZE(f) != L.k) {
            Py_DECREF(f);
            PyErr_SetString(PyExc_ValueError, "one hinge per unit expected");
            return -1;
        }
        L.cut.assign(L.k, 0);
        L.sp.assign(L.k, 0);
        L.sq.assign(L.k, 1);
        std::vector<mpz_class> num[2][2], den[2][2];   // [side][slope, offset]
        for (int side = 0; side < 2; ++side)
            for (int w = 0; w < 2; ++w) {
                num[side][w].assign(L.k, 0);
                den[side][w].assign(L.k, 1);
            }
        int r = 0;
        for (int i = 0; i < L.k && r == 0; ++i) {
            PyObject* h = PySequence_Fast(PySequence_Fast_GET_ITEM(f, i), "expected a hinge");
            if (!h) { r = -1; break; }
            if (PySequence_Fast_GET_SIZE(h) != 5) {
                PyErr_Format(PyExc_ValueError, "unit %d: a hinge is (s, a0, c0, a1, c1)", i);
                r = -1;
            } else {
                PyObject* s = PySequence_Fast_GET_ITEM(h, 0);
                L.cut[i] = s != Py_None;
                if (L.cut[i]) r = fraction(s, L.sp[i], L.sq[i]);
                for (int t = 1; t < 5 && r == 0; ++t) {
                    const int side = t >= 3, w = (t - 1) % 2;
                    if (!L.cut[i] && !side) continue;   // never used
                    r = fraction(PySequence_Fast_GET_ITEM(h, t), num[side][w][i], den[side][w][i]);
                    if (r == 0)
                        mpz_lcm(L.Q.get_mpz_t(), L.Q.get_mpz_t(), den[side][w][i].get_mpz_t());
                }
            }
            Py_DECREF(h);
        }
        Py_DECREF(f);
        if (r < 0) return -1;
        for (int side = 0; side < 2; ++side) {
            L.A[side].assign(L.k, 0);
            L.C[side].assign(L.k, 0);
            L.piece[side].assign(L.k, P_AFFINE);
            for (int i = 0; i < L.k; ++i) {
                L.A[side][i] = num[side][0][i] * (L.Q / den[side][0][i]);
                L.C[side][i] = num[side][1][i] * (L.Q / den[side][1][i]);
                if (!sgn(L.C[side][i]) && L.A[side][i] == L.Q) L.piece[side][i] = P_COPY;
                else if (!sgn(L.C[side][i]) && !sgn(L.A[side][i])) L.piece[side][i] = P_ZERO;
            }
        }
        return 0;
    }

    int init(PyObject* prep, PyObject* cell_cls_, PyObject* leaf_cls_, PyObject* mat_, int n) {
        Py_INCREF(cell_cls_); cell_cls = cell_cls_;
        Py_INCREF(leaf_cls_); leaf_cls = leaf_cls_;
        Py_INCREF(mat_); mat = mat_;
        eng.n = n;
        PyObject* f = PySequence_Fast(prep, "expected the prepared layers");
        if (!f) return -1;
        Py_ssize_t nl = PySequence_Fast_GET_SIZE(f);
        eng.layers.resize(nl);
        for (Py_ssize_t i = 0; i < nl; ++i) {
            PyObject* Lp = PySequence_Fast_GET_ITEM(f, i);
            Layer& L = eng.layers[i];
            if (get_int(Lp, "m", L.m) < 0 || get_int(Lp, "k", L.k) < 0 || get_int(Lp, "units", L.units) < 0
                || get_mpz(Lp, "den", L.den) < 0) { Py_DECREF(f); return -1; }
            PyObject* hs = attr(Lp, "hinges");
            if (!hs) { Py_DECREF(f); return -1; }
            int pr = unit_hinges(L, hs);
            Py_DECREF(hs);
            if (pr < 0) { Py_DECREF(f); return -1; }
            if (L.kind == K_HINGES && L.units != L.k && L.units != 0) {
                PyErr_Format(PyExc_ValueError, "layer %zd: %d decisions for %d hinge units", i, L.units, L.k);
                Py_DECREF(f);
                return -1;
            }
            PyObject* N = attr(Lp, "N");
            if (!N) { Py_DECREF(f); return -1; }
            int r = matrix(N, L.N);
            Py_DECREF(N);
            if (r < 0) { Py_DECREF(f); return -1; }
        }
        Py_DECREF(f);
        return 0;
    }

    static int point_from(PyObject* X, PyObject* D, PointP& out) {
        auto p = std::make_shared<Point>();
        if (py_to_vec(X, p->X) < 0 || py_to_mpz(D, p->D) < 0) return -1;
        out = p;
        return 0;
    }

    std::unique_ptr<Cell> from_py(PyObject* o) {
        PyObject* E = attr(o, "E");
        if (!E) return nullptr;
        if (PyCapsule_IsValid(E, CAPSULE)) {
            std::unique_ptr<Cell> c(new Cell(*(Cell*)PyCapsule_GetPointer(E, CAPSULE)));
            Py_DECREF(E);
            return c;
        }
        Py_DECREF(E);
        std::unique_ptr<Cell> c(new Cell());
        PyObject *v = nullptr, *X = nullptr, *D = nullptr;
        if (get_int(o, "l", c->l) < 0 || get_int(o, "j", c->j) < 0) return nullptr;
        // pattern
        if (!(v = attr(o, "pattern"))) return nullptr;
        {
            PyObject* f = PySequence_Fast(v, "pattern");
            Py_DECREF(v);
            if (!f) return nullptr;
            Py_ssize_t m = PySequence_Fast_GET_SIZE(f);
            c->pattern.resize(m);
            for (Py_ssize_t i = 0; i < m; ++i)
                if (py_to_ints(PySequence_Fast_GET_ITEM(f, i), c->pattern[i]) < 0) { Py_DECREF(f); return nullptr; }
            Py_DECREF(f);
        }
        if (!(v = attr(o, "bits"))) return nullptr;
        int r = py_to_ints(v, c->bits);
        Py_DECREF(v);
        if (r < 0) return nullptr;
        c->node = std::make_shared<Node>();
        c->node->serial = eng.next_serial++;
        if (!(v = attr(o, "H"))) return nullptr;
        r = rows_to(v, c->node->rows);
        Py_DECREF(v);
        if (r < 0) return nullptr;
        X = attr(o, "X");
        D = attr(o, "D");
        PointP p;
        r = (X && D) ? point_from(X, D, p) : -1;
        Py_XDECREF(X);
        Py_XDECREF(D);
        if (r < 0) return nullptr;
        c->pts.push_back(p);
        if (!(v = attr(o, "Wt"))) return nullptr;
        {
            PyObject* f = PySequence_Fast(v, "witnesses");
            Py_DECREF(v);
            if (!f) return nullptr;
            for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(f); ++i) {
                PyObject* w = PySequence_Fast_GET_ITEM(f, i);
                PyObject *wx = PySequence_GetItem(w, 0), *wd = PySequence_GetItem(w, 1);
                r = (wx && wd) ? point_from(wx, wd, p) : -1;
                Py_XDECREF(wx);
                Py_XDECREF(wd);
                if (r < 0) { Py_DECREF(f); return nullptr; }
                c->pts.push_back(p);
            }
            Py_DECREF(f);
        }
        auto Z = std::make_shared<Mat>();
        if (!(v = attr(o, "Z"))) return nullptr;
        r = matrix(v, *Z);
        Py_DECREF(v);
        if (r < 0 || get_mpz(o, "zden", Z->den) < 0) return nullptr;
        c->Z = Z;
        if (!(v = attr(o, "S"))) return nullptr;
        if (v != Py_None) {
            auto S = std::make_shared<std::vector<int>>();
            r = py_to_ints(v, *S);
            if (r < 0) { Py_DECREF(v); return nullptr; }
            c->S = S;
        }
        Py_DECREF(v);
        return c;
    }

    PyObject* pattern_to_py(const std::vector<std::vector<int>>& pat) {
        PyObject* t = PyTuple_New(pat.size());
        if (!t) return nullptr;
        for (size_t i = 0; i < pat.size(); ++i) {
            PyObject* x = ints_to_tuple(pat[i]);
            if (!x) { Py_DECREF(t); return nullptr; }
            PyTuple_SET_ITEM(t, i, x);
        }
        return t;
    }

    static PyObject* rows_to_py(const std::vector<Vec>& H) {
        PyObject* t = PyList_New(H.size());
        if (!t) return nullptr;
        for (size_t i = 0; i < H.size(); ++i) {
            PyObject* x = vec_to_list(H[i]);
            if (!x) { Py_DECREF(t); return nullptr; }
            PyList_SET_ITEM(t, i, x);
        }
        return t;
    }

    // The rows of the chain ending at `nd` as a new list, whose row lists are
    // shared by every leaf and cell below the same node: each node's rows are
    // converted once (a leaf has some 20 rows, and leaves found one after the
    // other share most of them; Python rows are never changed in place).
    static PyObject* chain_to_py(const Node* nd) {
        std::vector<const Node*> chain;
        size_t total = 0;
        for (const Node* a = nd; a; a = a->parent.get()) {
            chain.push_back(a);
            total += a->rows.size();
        }
        PyObject* H = PyList_New(total);
        if (!H) return nullptr;
        size_t k = 0;
        for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
            const Node* a = *it;
            if (!a->pyrows && !(a->pyrows = rows_to_py(a->rows))) {
                Py_DECREF(H);
                return nullptr;
            }
            for (size_t i = 0; i < a->rows.size(); ++i) {
                PyObject* r = PyList_GET_ITEM(a->pyrows, i);
                Py_INCREF(r);
                PyList_SET_ITEM(H, k++, r);
            }
        }
        return H;
    }

    // a _Cell with the same state; `attach`: keep the C++ cell in its E slot
    PyObject* cell_to_py(std::unique_ptr<Cell> c, bool attach) {
        PyObject *pat = pattern_to_py(c->pattern), *bits = ints_to_tuple(c->bits);
        PyObject *H = chain_to_py(c->node.get());
        PyObject *X = vec_to_tuple(c->pts[0]->X), *D = mpz_to_py(c->pts[0]->D);
        PyObject *Wt = PyTuple_New(c->pts.size() - 1);
        PyObject *Z = mat_to_py(*c->Z), *zden = mpz_to_py(c->Z->den);
        PyObject *S = c->S ? ints_to_tuple(*c->S) : (Py_INCREF(Py_None), Py_None);
        PyObject* out = nullptr;
        bool ok = pat && bits && H && X && D && Wt && Z && zden && S;
        for (size_t i = 1; ok && i < c->pts.size(); ++i) {
            PyObject *wx = vec_to_tuple(c->pts[i]->X), *wd = mpz_to_py(c->pts[i]->D);
            PyObject* w = (wx && wd) ? PyTuple_Pack(2, wx, wd) : nullptr;
            Py_XDECREF(wx);
            Py_XDECREF(wd);
            if (!w) ok = false;
            else PyTuple_SET_ITEM(Wt, i - 1, w);
        }
        if (ok)
            out = PyObject_CallFunction(cell_cls, "iiOOOOOOOOOO", c->l, c->j, pat, bits, H, Py_None,
                                        X, D, Z, zden, S, Wt);
        Py_XDECREF(pat); Py_XDECREF(bits); Py_XDECREF(H); Py_XDECREF(X); Py_XDECREF(D);
        Py_XDECREF(Wt); Py_XDECREF(Z); Py_XDECREF(zden); Py_XDECREF(S);
        if (out && attach) {
            PyObject* cap = PyCapsule_New(c.release(), CAPSULE, capsule_free);
            if (!cap || PyObject_SetAttrString(out, "E", cap) < 0) {
                Py_XDECREF(cap);
                Py_DECREF(out);
                return nullptr;
            }
            Py_DECREF(cap);
        }
        return out;
    }

    PyObject* leaf_to_py(const Leaf& lf) {
        PyObject *pat = pattern_to_py(lf.pattern), *H = chain_to_py(lf.node.get());
        PyObject *X = vec_to_tuple(lf.X->X), *D = mpz_to_py(lf.X->D);
        PyObject *T = mat_to_py(*lf.T), *tden = mpz_to_py(lf.T->den);
        PyObject* out = nullptr;
        if (pat && H && X && D && T && tden)
            out = PyObject_CallFunctionObjArgs(leaf_cls, pat, H, X, D, T, tden, nullptr);
        Py_XDECREF(pat); Py_XDECREF(H); Py_XDECREF(X); Py_XDECREF(D); Py_XDECREF(T); Py_XDECREF(tden);
        return out;
    }

    // Refine the subtree under `cell` depth first for at most `max_cuts` cuts.
    // Appends finished leaves (keep) to `leaves`, still open cells to `opened`
    // (with their C++ state attached) and cells whose next decision needs an LP
    // to `python`; returns the number of leaves found, or -1 on error.
    long explore(PyObject* cell, int max_cuts, bool keep, PyObject* leaves, PyObject* opened,
                 PyObject* python) {
        std::unique_ptr<Cell> root = from_py(cell);
        if (!root) return -1;
        std::vector<std::unique_ptr<Cell>> stack;
        stack.push_back(std::move(root));
        long count = 0;
        int cuts = 0;
        Leaf leaf;
        std::unique_ptr<Cell> kids[2];
        while (!stack.empty() && cuts < max_cuts) {
            std::unique_ptr<Cell> c = std::move(stack.back());
            stack.pop_back();
            int r = eng.advance(*c, kids, &leaf, keep);
            if (r == ADV_LEAF) {
                count++;
                if (keep) {
                    PyObject* lf = leaf_to_py(leaf);
                    if (!lf || PyList_Append(leaves, lf) < 0) { Py_XDECREF(lf); return -1; }
                    Py_DECREF(lf);
                }
            } else if (r == ADV_SPLIT) {
                cuts++;
                stack.push_back(std::move(kids[1]));
                stack.push_back(std::move(kids[0]));
            } else {
                PyObject* pc = cell_to_py(std::move(c), false);
                if (!pc || PyList_Append(python, pc) < 0) { Py_XDECREF(pc); return -1; }
                Py_DECREF(pc);
            }
        }
        // bottom of the stack first: the caller pushes them in this order
        for (auto& c : stack) {
            PyObject* pc = cell_to_py(std::move(c), true);
            if (!pc || PyList_Append(opened, pc) < 0) { Py_XDECREF(pc); return -1; }
            Py_DECREF(pc);
        }
        return count;
    }

    void set_float(bool on) { eng.use_float = on; }

    PyObject* take_stats() {
        Stats& s = eng.st;
        PyObject* d = Py_BuildValue("{s:l,s:l,s:l,s:l,s:l,s:l,s:l,s:l,s:l,s:l}", "generators", s.generators,
                                    "screened", s.screened, "free_cuts", s.free_cuts,
                                    "cuts", s.cuts, "trivial", s.trivial,
                                    "sibling_generators", s.sibling,
                                    "float_cuts", s.fcuts, "float_certificates", s.fcerts,
                                    "float_unsettled", s.fother, "exact_inverses", s.inverses);
        s = Stats();
        return d;
    }
};

}  // namespace tse
