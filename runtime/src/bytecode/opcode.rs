//! The CPython 3.11 opcode table: one row per opcode, expanded into everything else.
//!
//! Each row of [`opcodes!`] gives the Rust variant, CPython's name and number (`opcode.opmap`),
//! the number of inline `CACHE` code units that follow the instruction
//! (`opcode._inline_cache_entries`), the jump kind, the argument-kind flags (`hasconst`,
//! `hasname`, `haslocal`, `hasfree`, `hascompare`), the stack effect as a small expression of
//! the argument `a` (an `i64`) and `j` (whether the jump is taken), exactly as
//! `dis.stack_effect(op, arg, jump=j)` computes it (Python/compile.c `stack_effect`), and how
//! many values the instruction reads (`reads`: what Python/ceval.c pops or `PEEK`s; the
//! verifier proves the stack holds them).
//!
//! Only base opcodes appear: 3.11 pyc files never contain the specialized (quickened) forms.
//! All 3.11 jumps are relative and counted in code units from the instruction after the jump;
//! `Backward` jumps subtract their argument. The table is checked against python3's `opcode`
//! and `dis` modules by the tests at the bottom of this file.

/// How an instruction's argument encodes a jump.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JumpKind {
    /// Not a jump.
    None,
    /// Target = index of next instruction + arg.
    Forward,
    /// Target = index of next instruction - arg.
    Backward,
}

/// What an instruction's argument indexes (the `has*` lists of the `opcode` module).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpFlags(pub u8);

impl OpFlags {
    pub const NONE: OpFlags = OpFlags(0);
    /// Argument indexes `co_consts` (`hasconst`).
    pub const CONST: OpFlags = OpFlags(1);
    /// Argument indexes `co_names` (`hasname`; LOAD_GLOBAL uses `arg >> 1`).
    pub const NAME: OpFlags = OpFlags(2);
    /// Argument indexes `co_localsplusnames` (`haslocal`).
    pub const LOCAL: OpFlags = OpFlags(4);
    /// Argument indexes `co_localsplusnames`, a cell or free variable (`hasfree`).
    pub const FREE: OpFlags = OpFlags(8);
    /// Argument indexes `opcode.cmp_op` (`hascompare`).
    pub const COMPARE: OpFlags = OpFlags(16);

    /// True if every flag of `other` is set in `self`.
    pub const fn contains(self, other: OpFlags) -> bool {
        self.0 & other.0 == other.0 && other.0 != 0
    }
}

/// First opcode number that takes an argument (`opcode.HAVE_ARGUMENT`).
pub const HAVE_ARGUMENT: u8 = 90;

/// Comparison operators named by COMPARE_OP's argument (`opcode.cmp_op`).
pub const CMP_OP: [&str; 6] = ["<", "<=", "==", "!=", ">", ">="];

/// BINARY_OP's argument: the operator symbol (`opcode._nb_ops`).
pub const NB_OPS: [&str; 26] = [
    "+", "&", "//", "<<", "@", "*", "%", "|", "**", ">>", "-", "/", "^", "+=", "&=", "//=", "<<=",
    "@=", "*=", "%=", "|=", "**=", ">>=", "-=", "/=", "^=",
];

macro_rules! opcodes {
    ($(
        $variant:ident = $num:literal, $name:literal, caches $caches:literal, $jump:ident,
        [$($flag:ident)|+], |$a:ident, $j:ident| $effect:expr, reads $reads:expr;
    )*) => {
        /// A CPython 3.11 opcode (base instructions only).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum Opcode {
            $($variant = $num,)*
        }

        /// Every opcode, in numeric order.
        pub const ALL_OPCODES: &[Opcode] = &[$(Opcode::$variant,)*];

        /// Opcode byte -> opcode, `None` for numbers 3.11 does not define.
        static FROM_U8: [Option<Opcode>; 256] = {
            let mut table = [None; 256];
            $(table[$num] = Some(Opcode::$variant);)*
            table
        };

        /// Opcode byte -> number of inline CACHE units (read on every dispatch).
        static CACHES: [u8; 256] = {
            let mut table = [0u8; 256];
            $(table[$num] = $caches;)*
            table
        };

        impl Opcode {
            /// CPython's name for the opcode (`opcode.opname`).
            #[inline]
            pub const fn name(self) -> &'static str {
                match self {
                    $(Opcode::$variant => $name,)*
                }
            }

            /// Number of inline CACHE code units that follow the instruction.
            #[inline]
            pub fn cache_entries(self) -> u32 {
                CACHES[self as usize] as u32
            }

            /// Whether, and in which direction, the argument is a relative jump.
            #[inline]
            pub const fn jump(self) -> JumpKind {
                match self {
                    $(Opcode::$variant => JumpKind::$jump,)*
                }
            }

            /// What the argument indexes.
            #[inline]
            pub const fn flags(self) -> OpFlags {
                match self {
                    $(Opcode::$variant => OpFlags($(OpFlags::$flag.0)|+),)*
                }
            }
        }

        /// Stack depth change of executing `op` with argument `arg`; `jump` selects the
        /// branch-taken effect for conditional jumps, `FOR_ITER` and `SEND`.
        /// Matches `dis.stack_effect(op, arg, jump=jump)` (arg is ignored for ops without one).
        #[allow(unused_variables)]
        pub fn stack_effect(op: Opcode, arg: u32, jump: bool) -> i64 {
            let arg = arg as i64;
            match op {
                $(Opcode::$variant => {
                    let $a = arg;
                    let $j = jump;
                    $effect
                })*
            }
        }

        /// How many values `op` with argument `arg` reads from the stack: the depth it needs
        /// (for `PEEK(n)` instructions, the values popped plus the one peeked at).
        #[allow(unused_variables)]
        pub fn stack_inputs(op: Opcode, arg: u32) -> i64 {
            let arg = arg as i64;
            match op {
                $(Opcode::$variant => {
                    let $a = arg;
                    $reads
                })*
            }
        }
    };
}

opcodes! {
    Cache                        =   0, "CACHE",                        caches  0, None,     [NONE], |a, j| 0, reads 0;
    PopTop                       =   1, "POP_TOP",                      caches  0, None,     [NONE], |a, j| -1, reads 1;
    PushNull                     =   2, "PUSH_NULL",                    caches  0, None,     [NONE], |a, j| 1, reads 0;
    Nop                          =   9, "NOP",                          caches  0, None,     [NONE], |a, j| 0, reads 0;
    UnaryPositive                =  10, "UNARY_POSITIVE",               caches  0, None,     [NONE], |a, j| 0, reads 1;
    UnaryNegative                =  11, "UNARY_NEGATIVE",               caches  0, None,     [NONE], |a, j| 0, reads 1;
    UnaryNot                     =  12, "UNARY_NOT",                    caches  0, None,     [NONE], |a, j| 0, reads 1;
    UnaryInvert                  =  15, "UNARY_INVERT",                 caches  0, None,     [NONE], |a, j| 0, reads 1;
    BinarySubscr                 =  25, "BINARY_SUBSCR",                caches  4, None,     [NONE], |a, j| -1, reads 2;
    GetLen                       =  30, "GET_LEN",                      caches  0, None,     [NONE], |a, j| 1, reads 1;
    MatchMapping                 =  31, "MATCH_MAPPING",                caches  0, None,     [NONE], |a, j| 1, reads 1;
    MatchSequence                =  32, "MATCH_SEQUENCE",               caches  0, None,     [NONE], |a, j| 1, reads 1;
    MatchKeys                    =  33, "MATCH_KEYS",                   caches  0, None,     [NONE], |a, j| 1, reads 2;
    PushExcInfo                  =  35, "PUSH_EXC_INFO",                caches  0, None,     [NONE], |a, j| 1, reads 1;
    CheckExcMatch                =  36, "CHECK_EXC_MATCH",              caches  0, None,     [NONE], |a, j| 0, reads 2;
    CheckEgMatch                 =  37, "CHECK_EG_MATCH",               caches  0, None,     [NONE], |a, j| 0, reads 2;
    WithExceptStart              =  49, "WITH_EXCEPT_START",            caches  0, None,     [NONE], |a, j| 1, reads 4;
    GetAiter                     =  50, "GET_AITER",                    caches  0, None,     [NONE], |a, j| 0, reads 1;
    GetAnext                     =  51, "GET_ANEXT",                    caches  0, None,     [NONE], |a, j| 1, reads 1;
    BeforeAsyncWith              =  52, "BEFORE_ASYNC_WITH",            caches  0, None,     [NONE], |a, j| 1, reads 1;
    BeforeWith                   =  53, "BEFORE_WITH",                  caches  0, None,     [NONE], |a, j| 1, reads 1;
    EndAsyncFor                  =  54, "END_ASYNC_FOR",                caches  0, None,     [NONE], |a, j| -2, reads 2;
    StoreSubscr                  =  60, "STORE_SUBSCR",                 caches  1, None,     [NONE], |a, j| -3, reads 3;
    DeleteSubscr                 =  61, "DELETE_SUBSCR",                caches  0, None,     [NONE], |a, j| -2, reads 2;
    GetIter                      =  68, "GET_ITER",                     caches  0, None,     [NONE], |a, j| 0, reads 1;
    GetYieldFromIter             =  69, "GET_YIELD_FROM_ITER",          caches  0, None,     [NONE], |a, j| 0, reads 1;
    PrintExpr                    =  70, "PRINT_EXPR",                   caches  0, None,     [NONE], |a, j| -1, reads 1;
    LoadBuildClass               =  71, "LOAD_BUILD_CLASS",             caches  0, None,     [NONE], |a, j| 1, reads 0;
    LoadAssertionError           =  74, "LOAD_ASSERTION_ERROR",         caches  0, None,     [NONE], |a, j| 1, reads 0;
    ReturnGenerator              =  75, "RETURN_GENERATOR",             caches  0, None,     [NONE], |a, j| 0, reads 0;
    ListToTuple                  =  82, "LIST_TO_TUPLE",                caches  0, None,     [NONE], |a, j| 0, reads 1;
    ReturnValue                  =  83, "RETURN_VALUE",                 caches  0, None,     [NONE], |a, j| -1, reads 1;
    ImportStar                   =  84, "IMPORT_STAR",                  caches  0, None,     [NONE], |a, j| -1, reads 1;
    SetupAnnotations             =  85, "SETUP_ANNOTATIONS",            caches  0, None,     [NONE], |a, j| 0, reads 0;
    YieldValue                   =  86, "YIELD_VALUE",                  caches  0, None,     [NONE], |a, j| 0, reads 1;
    AsyncGenWrap                 =  87, "ASYNC_GEN_WRAP",               caches  0, None,     [NONE], |a, j| 0, reads 1;
    PrepReraiseStar              =  88, "PREP_RERAISE_STAR",            caches  0, None,     [NONE], |a, j| -1, reads 2;
    PopExcept                    =  89, "POP_EXCEPT",                   caches  0, None,     [NONE], |a, j| -1, reads 1;
    StoreName                    =  90, "STORE_NAME",                   caches  0, None,     [NAME], |a, j| -1, reads 1;
    DeleteName                   =  91, "DELETE_NAME",                  caches  0, None,     [NAME], |a, j| 0, reads 0;
    UnpackSequence               =  92, "UNPACK_SEQUENCE",              caches  1, None,     [NONE], |a, j| a - 1, reads 1;
    ForIter                      =  93, "FOR_ITER",                     caches  0, Forward,  [NONE], |a, j| if j { -1 } else { 1 }, reads 1;
    UnpackEx                     =  94, "UNPACK_EX",                    caches  0, None,     [NONE], |a, j| (a & 0xff) + (a >> 8), reads 1;
    StoreAttr                    =  95, "STORE_ATTR",                   caches  4, None,     [NAME], |a, j| -2, reads 2;
    DeleteAttr                   =  96, "DELETE_ATTR",                  caches  0, None,     [NAME], |a, j| -1, reads 1;
    StoreGlobal                  =  97, "STORE_GLOBAL",                 caches  0, None,     [NAME], |a, j| -1, reads 1;
    DeleteGlobal                 =  98, "DELETE_GLOBAL",                caches  0, None,     [NAME], |a, j| 0, reads 0;
    Swap                         =  99, "SWAP",                         caches  0, None,     [NONE], |a, j| 0, reads a;
    LoadConst                    = 100, "LOAD_CONST",                   caches  0, None,     [CONST], |a, j| 1, reads 0;
    LoadName                     = 101, "LOAD_NAME",                    caches  0, None,     [NAME], |a, j| 1, reads 0;
    BuildTuple                   = 102, "BUILD_TUPLE",                  caches  0, None,     [NONE], |a, j| 1 - a, reads a;
    BuildList                    = 103, "BUILD_LIST",                   caches  0, None,     [NONE], |a, j| 1 - a, reads a;
    BuildSet                     = 104, "BUILD_SET",                    caches  0, None,     [NONE], |a, j| 1 - a, reads a;
    BuildMap                     = 105, "BUILD_MAP",                    caches  0, None,     [NONE], |a, j| 1 - 2 * a, reads 2 * a;
    LoadAttr                     = 106, "LOAD_ATTR",                    caches  4, None,     [NAME], |a, j| 0, reads 1;
    CompareOp                    = 107, "COMPARE_OP",                   caches  2, None,     [COMPARE], |a, j| -1, reads 2;
    ImportName                   = 108, "IMPORT_NAME",                  caches  0, None,     [NAME], |a, j| -1, reads 2;
    ImportFrom                   = 109, "IMPORT_FROM",                  caches  0, None,     [NAME], |a, j| 1, reads 1;
    JumpForward                  = 110, "JUMP_FORWARD",                 caches  0, Forward,  [NONE], |a, j| 0, reads 0;
    JumpIfFalseOrPop             = 111, "JUMP_IF_FALSE_OR_POP",         caches  0, Forward,  [NONE], |a, j| if j { 0 } else { -1 }, reads 1;
    JumpIfTrueOrPop              = 112, "JUMP_IF_TRUE_OR_POP",          caches  0, Forward,  [NONE], |a, j| if j { 0 } else { -1 }, reads 1;
    PopJumpForwardIfFalse        = 114, "POP_JUMP_FORWARD_IF_FALSE",    caches  0, Forward,  [NONE], |a, j| -1, reads 1;
    PopJumpForwardIfTrue         = 115, "POP_JUMP_FORWARD_IF_TRUE",     caches  0, Forward,  [NONE], |a, j| -1, reads 1;
    LoadGlobal                   = 116, "LOAD_GLOBAL",                  caches  5, None,     [NAME], |a, j| (a & 1) + 1, reads 0;
    IsOp                         = 117, "IS_OP",                        caches  0, None,     [NONE], |a, j| -1, reads 2;
    ContainsOp                   = 118, "CONTAINS_OP",                  caches  0, None,     [NONE], |a, j| -1, reads 2;
    Reraise                      = 119, "RERAISE",                      caches  0, None,     [NONE], |a, j| -1, reads 1 + a;
    Copy                         = 120, "COPY",                         caches  0, None,     [NONE], |a, j| 1, reads a;
    BinaryOp                     = 122, "BINARY_OP",                    caches  1, None,     [NONE], |a, j| -1, reads 2;
    Send                         = 123, "SEND",                         caches  0, Forward,  [NONE], |a, j| if j { -1 } else { 0 }, reads 2;
    LoadFast                     = 124, "LOAD_FAST",                    caches  0, None,     [LOCAL], |a, j| 1, reads 0;
    StoreFast                    = 125, "STORE_FAST",                   caches  0, None,     [LOCAL], |a, j| -1, reads 1;
    DeleteFast                   = 126, "DELETE_FAST",                  caches  0, None,     [LOCAL], |a, j| 0, reads 0;
    PopJumpForwardIfNotNone      = 128, "POP_JUMP_FORWARD_IF_NOT_NONE", caches  0, Forward,  [NONE], |a, j| -1, reads 1;
    PopJumpForwardIfNone         = 129, "POP_JUMP_FORWARD_IF_NONE",     caches  0, Forward,  [NONE], |a, j| -1, reads 1;
    RaiseVarargs                 = 130, "RAISE_VARARGS",                caches  0, None,     [NONE], |a, j| -a, reads a;
    GetAwaitable                 = 131, "GET_AWAITABLE",                caches  0, None,     [NONE], |a, j| 0, reads 1;
    MakeFunction                 = 132, "MAKE_FUNCTION",                caches  0, None,     [NONE], |a, j| -((a & 1) + ((a >> 1) & 1) + ((a >> 2) & 1) + ((a >> 3) & 1)), reads 1 + (a & 1) + ((a >> 1) & 1) + ((a >> 2) & 1) + ((a >> 3) & 1);
    BuildSlice                   = 133, "BUILD_SLICE",                  caches  0, None,     [NONE], |a, j| if a == 3 { -2 } else { -1 }, reads if a == 3 { 3 } else { 2 };
    JumpBackwardNoInterrupt      = 134, "JUMP_BACKWARD_NO_INTERRUPT",   caches  0, Backward, [NONE], |a, j| 0, reads 0;
    MakeCell                     = 135, "MAKE_CELL",                    caches  0, None,     [FREE], |a, j| 0, reads 0;
    LoadClosure                  = 136, "LOAD_CLOSURE",                 caches  0, None,     [FREE], |a, j| 1, reads 0;
    LoadDeref                    = 137, "LOAD_DEREF",                   caches  0, None,     [FREE], |a, j| 1, reads 0;
    StoreDeref                   = 138, "STORE_DEREF",                  caches  0, None,     [FREE], |a, j| -1, reads 1;
    DeleteDeref                  = 139, "DELETE_DEREF",                 caches  0, None,     [FREE], |a, j| 0, reads 0;
    JumpBackward                 = 140, "JUMP_BACKWARD",                caches  0, Backward, [NONE], |a, j| 0, reads 0;
    CallFunctionEx               = 142, "CALL_FUNCTION_EX",             caches  0, None,     [NONE], |a, j| -2 - (a & 1), reads 3 + (a & 1);
    ExtendedArg                  = 144, "EXTENDED_ARG",                 caches  0, None,     [NONE], |a, j| 0, reads 0;
    ListAppend                   = 145, "LIST_APPEND",                  caches  0, None,     [NONE], |a, j| -1, reads a + 1;
    SetAdd                       = 146, "SET_ADD",                      caches  0, None,     [NONE], |a, j| -1, reads a + 1;
    MapAdd                       = 147, "MAP_ADD",                      caches  0, None,     [NONE], |a, j| -2, reads a + 2;
    LoadClassderef               = 148, "LOAD_CLASSDEREF",              caches  0, None,     [FREE], |a, j| 1, reads 0;
    CopyFreeVars                 = 149, "COPY_FREE_VARS",               caches  0, None,     [NONE], |a, j| 0, reads 0;
    Resume                       = 151, "RESUME",                       caches  0, None,     [NONE], |a, j| 0, reads 0;
    MatchClass                   = 152, "MATCH_CLASS",                  caches  0, None,     [NONE], |a, j| -2, reads 3;
    FormatValue                  = 155, "FORMAT_VALUE",                 caches  0, None,     [NONE], |a, j| if a & 4 != 0 { -1 } else { 0 }, reads if a & 4 != 0 { 2 } else { 1 };
    BuildConstKeyMap             = 156, "BUILD_CONST_KEY_MAP",          caches  0, None,     [NONE], |a, j| -a, reads a + 1;
    BuildString                  = 157, "BUILD_STRING",                 caches  0, None,     [NONE], |a, j| 1 - a, reads a;
    LoadMethod                   = 160, "LOAD_METHOD",                  caches 10, None,     [NAME], |a, j| 1, reads 1;
    ListExtend                   = 162, "LIST_EXTEND",                  caches  0, None,     [NONE], |a, j| -1, reads a + 1;
    SetUpdate                    = 163, "SET_UPDATE",                   caches  0, None,     [NONE], |a, j| -1, reads a + 1;
    DictMerge                    = 164, "DICT_MERGE",                   caches  0, None,     [NONE], |a, j| -1, reads a + 3;
    DictUpdate                   = 165, "DICT_UPDATE",                  caches  0, None,     [NONE], |a, j| -1, reads a + 1;
    Precall                      = 166, "PRECALL",                      caches  1, None,     [NONE], |a, j| -a, reads a + 2;
    Call                         = 171, "CALL",                         caches  4, None,     [NONE], |a, j| -1, reads a + 2;
    KwNames                      = 172, "KW_NAMES",                     caches  0, None,     [CONST], |a, j| 0, reads 0;
    PopJumpBackwardIfNotNone     = 173, "POP_JUMP_BACKWARD_IF_NOT_NONE",caches  0, Backward, [NONE], |a, j| -1, reads 1;
    PopJumpBackwardIfNone        = 174, "POP_JUMP_BACKWARD_IF_NONE",    caches  0, Backward, [NONE], |a, j| -1, reads 1;
    PopJumpBackwardIfFalse       = 175, "POP_JUMP_BACKWARD_IF_FALSE",   caches  0, Backward, [NONE], |a, j| -1, reads 1;
    PopJumpBackwardIfTrue        = 176, "POP_JUMP_BACKWARD_IF_TRUE",    caches  0, Backward, [NONE], |a, j| -1, reads 1;
}

impl Opcode {
    /// Decode an opcode byte; `None` if 3.11 defines no opcode with that number.
    pub fn from_u8(byte: u8) -> Option<Opcode> {
        FROM_U8[byte as usize]
    }

    /// The opcode number.
    pub const fn number(self) -> u8 {
        self as u8
    }

    /// True if the instruction uses its argument byte (`op >= HAVE_ARGUMENT`).
    pub const fn has_arg(self) -> bool {
        self as u8 >= HAVE_ARGUMENT
    }

    /// True for any relative jump.
    pub const fn is_jump(self) -> bool {
        !matches!(self.jump(), JumpKind::None)
    }

    /// A loop's back edge: a backward jump, conditional or not, that the interpreter counts for
    /// on-stack replacement (`JUMP_BACKWARD_NO_INTERRUPT` only closes `yield from`/`await`).
    pub const fn is_loop_back(self) -> bool {
        matches!(self.jump(), JumpKind::Backward)
            && !matches!(self, Opcode::JumpBackwardNoInterrupt)
    }

    /// Argument indexes `co_consts`.
    pub const fn has_const(self) -> bool {
        self.flags().contains(OpFlags::CONST)
    }

    /// Argument indexes `co_names`.
    pub const fn has_name(self) -> bool {
        self.flags().contains(OpFlags::NAME)
    }

    /// Argument indexes the fast locals.
    pub const fn has_local(self) -> bool {
        self.flags().contains(OpFlags::LOCAL)
    }

    /// Argument indexes a cell or free variable (in `co_localsplusnames`).
    pub const fn has_free(self) -> bool {
        self.flags().contains(OpFlags::FREE)
    }

    /// Argument indexes [`CMP_OP`].
    pub const fn has_compare(self) -> bool {
        self.flags().contains(OpFlags::COMPARE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytecode::testutil::python;

    #[test]
    fn table_matches_python_opcode_module() {
        let script = r#"
import opcode
for name, n in sorted(opcode.opmap.items(), key=lambda x: x[1]):
    jump = 'none'
    if n in opcode.hasjrel:
        jump = 'backward' if 'JUMP_BACKWARD' in name else 'forward'
    if n in opcode.hasjabs:
        jump = 'absolute'
    fl = [k for k in ('hasconst', 'hasname', 'haslocal', 'hasfree', 'hascompare') if n in getattr(opcode, k)]
    print(n, name, opcode._inline_cache_entries[n], jump, ','.join(fl), int(n >= opcode.HAVE_ARGUMENT))
print('cmp', ' '.join(opcode.cmp_op))
print('nb', ' '.join(s for _, s in opcode._nb_ops))
"#;
        let mut expected = String::new();
        for &op in ALL_OPCODES {
            let jump = match op.jump() {
                JumpKind::None => "none",
                JumpKind::Forward => "forward",
                JumpKind::Backward => "backward",
            };
            let mut fl = Vec::new();
            for (has, name) in [
                (op.has_const(), "hasconst"),
                (op.has_name(), "hasname"),
                (op.has_local(), "haslocal"),
                (op.has_free(), "hasfree"),
                (op.has_compare(), "hascompare"),
            ] {
                if has {
                    fl.push(name);
                }
            }
            expected.push_str(&format!(
                "{} {} {} {} {} {}\n",
                op.number(),
                op.name(),
                op.cache_entries(),
                jump,
                fl.join(","),
                op.has_arg() as u8
            ));
            assert_eq!(Opcode::from_u8(op.number()), Some(op));
        }
        expected.push_str(&format!("cmp {}\n", CMP_OP.join(" ")));
        expected.push_str(&format!("nb {}\n", NB_OPS.join(" ")));
        assert_eq!(python(script), expected);
        let defined = (0..=255u8)
            .filter(|&b| Opcode::from_u8(b).is_some())
            .count();
        assert_eq!(defined, ALL_OPCODES.len());
    }

    #[test]
    fn stack_effect_matches_dis() {
        let script = r#"
import dis, opcode
for name, n in sorted(opcode.opmap.items(), key=lambda x: x[1]):
    args = range(301) if n >= opcode.HAVE_ARGUMENT else [None]
    for a in args:
        for j in (False, True):
            print(n, a if a is not None else 0, int(j), dis.stack_effect(n, a, jump=j))
"#;
        let mut expected = String::new();
        for &op in ALL_OPCODES {
            let args = if op.has_arg() { 0..=300 } else { 0..=0 };
            for a in args {
                for j in [false, true] {
                    expected.push_str(&format!(
                        "{} {} {} {}\n",
                        op.number(),
                        a,
                        j as u8,
                        stack_effect(op, a, j)
                    ));
                }
            }
        }
        let got = python(script);
        for (g, e) in got.lines().zip(expected.lines()) {
            assert_eq!(g, e, "python vs ours");
        }
        assert_eq!(got.lines().count(), expected.lines().count());
    }
}
