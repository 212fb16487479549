package dev.strata.expr;

import dev.strata.expr.PostgresDialectPrepass.Rewritten;
import dev.strata.sql.Lexer;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.fun.SqlBetweenOperator;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.fun.SqlQuantifyOperator;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.util.NlsString;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Parses prepared text with Calcite's Babel parser and converts the result into an {@link Ast}. */
final class CalciteTranslator {

    /** Calcite read the text but Strata cannot represent or render what it found. */
    static final class Unsupported extends Exception {
        Unsupported(String reason) {
            super(reason);
        }
    }

    private static final SqlParser.Config CONFIG = SqlParser.config()
            .withParserFactory(SqlBabelParserImpl.FACTORY)
            .withConformance(SqlConformanceEnum.BABEL)
            .withQuoting(Quoting.DOUBLE_QUOTE)
            .withUnquotedCasing(Casing.TO_LOWER)
            .withQuotedCasing(Casing.UNCHANGED)
            .withCaseSensitive(true);

    /** SQL keywords that read like identifiers but are values (PostgreSQL's SQLValueFunction). */
    static final Set<String> VALUE_KEYWORDS = Set.of("current_timestamp", "current_date", "current_time", "localtime",
            "localtimestamp", "current_user", "session_user", "user", "current_role", "current_catalog",
            "current_schema");

    /** Functions Calcite reads with a special syntax that would render differently in PostgreSQL. */
    private static final Set<SqlKind> SPECIAL_SYNTAX = Set.of(SqlKind.TRIM, SqlKind.POSITION,
            SqlKind.FLOOR, SqlKind.CEIL, SqlKind.CONVERT, SqlKind.TRANSLATE, SqlKind.TIMESTAMP_ADD,
            SqlKind.TIMESTAMP_DIFF);

    private final String source;
    private final Rewritten prepared;
    private final int[] lineStarts;
    private final List<Lexer.Token> sourceTokens;

    private CalciteTranslator(String source, Rewritten prepared) {
        this.source = source;
        this.prepared = prepared;
        List<Lexer.Token> tokens;
        try {
            tokens = Lexer.tokens(source);
        } catch (Lexer.LexError e) {
            tokens = List.of(); // cannot happen: the source lexed before it came here
        }
        this.sourceTokens = tokens;
        List<Integer> starts = new ArrayList<>(List.of(0));
        for (int i = 0; i < prepared.text().length(); i++) {
            if (prepared.text().charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    static Ast translate(String source, Rewritten prepared) throws Unsupported {
        return new CalciteTranslator(source, prepared).run();
    }

    private Ast run() throws Unsupported {
        SqlNode node;
        try {
            node = SqlParser.create(prepared.text(), CONFIG).parseExpression();
        } catch (SqlParseException e) {
            String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("").replaceAll(" at line \\d+, column \\d+", "");
            int offset = e.getPos() == null ? 0 : originalOffset(e.getPos());
            throw new Unsupported("not understood by the Calcite parser near offset " + offset + ": " + first.strip());
        }
        return ast(node);
    }

    private int originalOffset(SqlParserPos pos) {
        int line = Math.max(1, Math.min(pos.getLineNum(), lineStarts.length));
        int rewritten = Math.max(0, Math.min(lineStarts[line - 1] + pos.getColumnNum() - 1, prepared.text().length()));
        return prepared.originalOffset()[rewritten];
    }

    private Ast ast(SqlNode node) throws Unsupported {
        return switch (node) {
            case SqlIdentifier id -> identifier(id);
            case SqlNumericLiteral n -> new Ast.Num(n.getValueAs(java.math.BigDecimal.class).toPlainString());
            case SqlCharStringLiteral s -> new Ast.Str(s.getValueAs(NlsString.class).getValue());
            case SqlLiteral l when l.getTypeName() == SqlTypeName.BOOLEAN -> new Ast.Word(l.booleanValue() ? "TRUE" : "FALSE");
            case SqlLiteral l when l.getTypeName() == SqlTypeName.NULL -> new Ast.Word("NULL");
            case SqlCase c -> caseOf(c);
            case SqlCall call -> call(call);
            default -> throw new Unsupported("'" + node + "' is not supported");
        };
    }

    private Ast identifier(SqlIdentifier id) throws Unsupported {
        if (id.isStar()) {
            throw new Unsupported("'*' is not supported in an expression");
        }
        int offset = originalOffset(id.getParserPosition());
        // Calcite records quoting per component; the source offset can land on a parenthesis around it.
        boolean quoted = id.isComponentQuoted(0) || (offset < source.length() && source.charAt(offset) == '"');
        if (id.isSimple() && !quoted && VALUE_KEYWORDS.contains(id.getSimple())) {
            return new Ast.Word(id.getSimple().toUpperCase(Locale.ROOT));
        }
        List<String> names = new ArrayList<>(id.names);
        for (int i = 0; i < names.size(); i++) {
            if (!id.isComponentQuoted(i)) {
                // Calcite lower-cases every letter; PostgreSQL (and Lexer) only A-Z: bare ÄRA is "Ära", not "ära".
                String folded = bareWord(originalOffset(id.getComponentParserPosition(i)));
                if (!folded.isEmpty()) {
                    names.set(i, folded);
                }
            }
        }
        return new Ast.Col(List.copyOf(names), offset);
    }

    /** The bare word of the source starting at {@code offset}, folded as PostgreSQL folds it; empty when none starts there. */
    private String bareWord(int offset) {
        return sourceTokens.stream().filter(t -> t.start() == offset && t.kind() == Lexer.Kind.WORD)
                .map(Lexer.Token::value).findFirst().orElse("");
    }

    private Ast caseOf(SqlCase c) throws Unsupported {
        List<Ast.When> whens = new ArrayList<>();
        for (int i = 0; i < c.getWhenOperands().size(); i++) {
            whens.add(new Ast.When(ast(c.getWhenOperands().get(i)), ast(c.getThenOperands().get(i))));
        }
        Optional<Ast> operand = c.getValueOperand() == null ? Optional.empty() : Optional.of(ast(c.getValueOperand()));
        SqlNode otherwise = c.getElseOperand();
        boolean noElse = otherwise == null
                || (otherwise instanceof SqlLiteral l && l.getTypeName() == SqlTypeName.NULL);
        return new Ast.Case(operand, whens, noElse ? Optional.empty() : Optional.of(ast(otherwise)));
    }

    private Ast call(SqlCall call) throws Unsupported {
        var op = call.getOperator();
        List<SqlNode> operands = call.getOperandList();
        SqlKind kind = call.getKind();
        switch (kind) {
            case CAST -> {
                return new Ast.Cast(ast(operands.get(0)), type(operands.get(1)));
            }
            case IN, NOT_IN -> {
                if (!(operands.get(1) instanceof SqlNodeList list)) {
                    throw new Unsupported("IN with a subquery is not supported");
                }
                return new Ast.In(ast(operands.get(0)), asts(list.getList()), kind == SqlKind.NOT_IN);
            }
            case SOME, ALL -> {
                if (!(operands.get(1) instanceof SqlNodeList list) || list.size() != 1) {
                    throw new Unsupported("ANY/ALL is supported only over one array");
                }
                String comparison = comparison(((SqlQuantifyOperator) op).comparisonKind);
                return new Ast.Quantified(ast(operands.get(0)), comparison, kind == SqlKind.SOME ? "ANY" : "ALL",
                        ast(list.get(0)));
            }
            case BETWEEN -> {
                var between = (SqlBetweenOperator) op;
                return new Ast.Between(ast(operands.get(0)), ast(operands.get(1)), ast(operands.get(2)),
                        between.isNegated(), between.flag == SqlBetweenOperator.Flag.SYMMETRIC);
            }
            case LIKE, SIMILAR -> {
                Optional<Ast> escape = operands.size() > 2 ? Optional.of(ast(operands.get(2))) : Optional.empty();
                return new Ast.Like(op.getName(), ast(operands.get(0)), ast(operands.get(1)), escape);
            }
            case POSIX_REGEX_CASE_SENSITIVE, POSIX_REGEX_CASE_INSENSITIVE -> {
                String regex = (op.getName().contains("NEGATED") ? "!~" : "~")
                        + (kind == SqlKind.POSIX_REGEX_CASE_INSENSITIVE ? "*" : "");
                return new Ast.Binary(regex, ast(operands.get(0)), ast(operands.get(1)));
            }
            case ARRAY_VALUE_CONSTRUCTOR -> {
                return new Ast.Array(asts(operands));
            }
            case EXTRACT -> {
                if (!(operands.get(0) instanceof SqlIntervalQualifier field)) {
                    throw new Unsupported("EXTRACT of '" + operands.get(0) + "' is not supported");
                }
                return new Ast.Extract(field.timeUnitRange.name().toLowerCase(Locale.ROOT), ast(operands.get(1)));
            }
            case NOT, MINUS_PREFIX, PLUS_PREFIX -> {
                String prefix = kind == SqlKind.NOT ? "NOT" : kind == SqlKind.MINUS_PREFIX ? "-" : "+";
                return new Ast.Prefix(prefix, ast(operands.get(0)));
            }
            case IS_NULL, IS_NOT_NULL, IS_TRUE, IS_NOT_TRUE, IS_FALSE, IS_NOT_FALSE -> {
                return new Ast.Postfix(ast(operands.get(0)), op.getName());
            }
            default -> {
                // falls through to the generic shapes below
            }
        }
        String binary = binary(kind, op.getName());
        if (binary != null && operands.size() == 2) {
            return new Ast.Binary(binary, ast(operands.get(0)), ast(operands.get(1)));
        }
        if (op instanceof SqlFunction function && !SPECIAL_SYNTAX.contains(kind) && !op.getName().equalsIgnoreCase("overlay")
                && call instanceof SqlBasicCall basic && basic.getFunctionQuantifier() == null) {
            if (op.getSyntax() == SqlSyntax.FUNCTION_ID && operands.isEmpty()) {
                return new Ast.Word(op.getName().toUpperCase(Locale.ROOT));
            }
            if (op.getSyntax() == SqlSyntax.FUNCTION) {
                List<String> name = function.getSqlIdentifier() == null
                        ? List.of(op.getName())
                        : function.getSqlIdentifier().names;
                return new Ast.Fn(name.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList(), asts(operands));
            }
        }
        throw new Unsupported("'" + op.getName() + "' is not supported");
    }

    private static String binary(SqlKind kind, String name) {
        return switch (kind) {
            case EQUALS, NOT_EQUALS, LESS_THAN, GREATER_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN_OR_EQUAL -> comparison(kind);
            case PLUS -> "+";
            case MINUS -> "-";
            case TIMES -> "*";
            case DIVIDE -> "/";
            case MOD -> "%";
            case AND -> "AND";
            case OR -> "OR";
            case IS_DISTINCT_FROM -> "IS DISTINCT FROM";
            case IS_NOT_DISTINCT_FROM -> "IS NOT DISTINCT FROM";
            default -> name.equals("||") ? "||" : null;
        };
    }

    private static String comparison(SqlKind kind) {
        return switch (kind) {
            case EQUALS -> "=";
            case NOT_EQUALS -> "<>";
            case LESS_THAN -> "<";
            case GREATER_THAN -> ">";
            case LESS_THAN_OR_EQUAL -> "<=";
            case GREATER_THAN_OR_EQUAL -> ">=";
            default -> throw new IllegalStateException("not a comparison: " + kind);
        };
    }

    private String type(SqlNode node) throws Unsupported {
        if (node instanceof SqlDataTypeSpec spec && spec.getTypeName().isSimple()) {
            String type = prepared.types().get(spec.getTypeName().getSimple());
            if (type != null) {
                return type;
            }
        }
        throw new Unsupported("cast to '" + node + "' is not supported");
    }

    private List<Ast> asts(List<SqlNode> nodes) throws Unsupported {
        List<Ast> result = new ArrayList<>();
        for (SqlNode n : nodes) {
            result.add(ast(n));
        }
        return List.copyOf(result);
    }

}
