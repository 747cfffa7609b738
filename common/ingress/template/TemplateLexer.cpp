#include "TemplateLexer.h"

#include "GoText.h"

#include <cstring>

namespace Postrider::Template::detail {

namespace {

// Go's template white space for trim markers and inside actions (parse/lex.go isSpace).
bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

class Lexer
{
public:
    explicit Lexer(const QByteArray &source)
        : m_src(source)
        , m_size(int(source.size()))
    { }

    std::vector<Token> run()
    {
        while (lexText()) { }
        return std::move(m_tokens);
    }

private:
    const QByteArray &m_src;
    const int m_size;
    int m_pos = 0;
    int m_parenDepth = 0;
    std::vector<Token> m_tokens;

    char at(int i) const { return i < m_size ? m_src[i] : '\0'; }
    bool startsWith(int i, const char *s) const { return i <= m_size && QByteArrayView(m_src).sliced(i).startsWith(s); }

    // "{{- " : a minus and one white-space character right after the left delimiter.
    bool hasLeftTrimMarker(int i) const { return i + 1 < m_size && m_src[i] == '-' && isSpace(m_src[i + 1]); }
    // " -}}" : one white-space character and a minus right before the right delimiter.
    bool hasRightTrimMarker(int i) const { return i + 1 < m_size && isSpace(m_src[i]) && m_src[i + 1] == '-'; }
    bool atTrimmedRightDelim(int i) const { return hasRightTrimMarker(i) && startsWith(i + 2, "}}"); }

    char32_t runeAt(int i, int *width) const
    {
        if (i >= m_size) {
            *width = 0;
            return char32_t(-1);
        }
        return decodeRune(QByteArrayView(m_src).sliced(i), width);
    }

    void pushToken(TokenType type, int start, int end)
    {
        m_tokens.push_back({type, start, m_src.mid(start, end - start)});
    }

    bool fail(int pos, const QString &message)
    {
        m_tokens.push_back({TokenType::Error, pos, message.toUtf8()});
        return false;
    }

    // Go's %#U: "U+0023 '#'".
    static QString describeRune(char32_t r)
    {
        QString s = QStringLiteral("U+%1").arg(uint(r), 4, 16, QLatin1Char('0')).toUpper();
        if (isPrint(r)) {
            QByteArray bytes;
            appendRune(bytes, r);
            s += QStringLiteral(" '%1'").arg(QString::fromUtf8(bytes));
        }
        return s;
    }

    // A valid end for an identifier, field or variable: white space, a delimiter, or one of . , | : ( )
    bool atTerminator(int i) const
    {
        if (i >= m_size)
            return true;
        const char c = m_src[i];
        if (isSpace(c))
            return true;
        switch (c) {
        case '.':
        case ',':
        case '|':
        case ':':
        case ')':
        case '(':
            return true;
        default:
            return startsWith(i, "}}");
        }
    }

    int scanAlphaNumeric(int i) const
    {
        while (i < m_size) {
            int width = 0;
            if (!isAlphaNumeric(runeAt(i, &width)))
                break;
            i += width;
        }
        return i;
    }

    bool lexText()
    {
        const int x = int(m_src.indexOf("{{", m_pos));
        if (x < 0) {
            if (m_pos < m_size)
                pushToken(TokenType::Text, m_pos, m_size);
            pushToken(TokenType::Eof, m_size, m_size);
            return false;
        }
        int textEnd = x;
        if (hasLeftTrimMarker(x + 2)) {
            while (textEnd > m_pos && isSpace(m_src[textEnd - 1]))
                --textEnd;
        }
        if (textEnd > m_pos)
            pushToken(TokenType::Text, m_pos, textEnd);
        const int afterMarker = x + 2 + (hasLeftTrimMarker(x + 2) ? 2 : 0);
        if (startsWith(afterMarker, "/*"))
            return lexComment(x, afterMarker + 2);
        pushToken(TokenType::LeftDelim, x, x + 2);
        m_pos = afterMarker;
        m_parenDepth = 0;
        return lexInsideAction();
    }

    bool lexComment(int start, int bodyStart)
    {
        const int close = int(m_src.indexOf("*/", bodyStart));
        if (close < 0)
            return fail(start, QStringLiteral("unclosed comment"));
        int p = close + 2;
        const bool trim = atTrimmedRightDelim(p);
        if (!trim && !startsWith(p, "}}"))
            return fail(start, QStringLiteral("comment ends before closing delimiter"));
        p += trim ? 4 : 2;
        if (trim) {
            while (p < m_size && isSpace(m_src[p]))
                ++p;
        }
        m_pos = p;
        return true;
    }

    bool lexInsideAction()
    {
        for (;;) {
            const bool trim = atTrimmedRightDelim(m_pos);
            if (trim || startsWith(m_pos, "}}")) {
                if (m_parenDepth != 0)
                    return fail(m_pos, QStringLiteral("unclosed left paren"));
                const int delim = m_pos + (trim ? 2 : 0);
                pushToken(TokenType::RightDelim, delim, delim + 2);
                m_pos = delim + 2;
                if (trim) {
                    while (m_pos < m_size && isSpace(m_src[m_pos]))
                        ++m_pos;
                }
                return true;
            }
            if (m_pos >= m_size)
                return fail(m_pos, QStringLiteral("unclosed action"));
            const int start = m_pos;
            int width = 1;
            const char32_t r = runeAt(m_pos, &width);
            bool ok = true;
            if (r < 0x80 && isSpace(char(r))) {
                lexSpace();
            } else if (r == '=') {
                pushToken(TokenType::Assign, start, ++m_pos);
            } else if (r == ':') {
                if (at(m_pos + 1) != '=')
                    return fail(start, QStringLiteral("expected :="));
                m_pos += 2;
                pushToken(TokenType::Declare, start, m_pos);
            } else if (r == '|') {
                pushToken(TokenType::Pipe, start, ++m_pos);
            } else if (r == '"' || r == '`' || r == '\'') {
                ok = lexQuoted(char(r));
            } else if (r == '$') {
                ok = lexFieldOrVariable(TokenType::Variable);
            } else if (r == '.' && m_pos + 1 < m_size && !isDigit(m_src[m_pos + 1])) {
                ok = lexFieldOrVariable(TokenType::Field);
            } else if (r == '.' || r == '+' || r == '-' || (r < 0x80 && isDigit(char(r)))) {
                ok = lexNumber();
            } else if (isAlphaNumeric(r)) {
                ok = lexIdentifier();
            } else if (r == '(') {
                ++m_parenDepth;
                pushToken(TokenType::LeftParen, start, ++m_pos);
            } else if (r == ')') {
                if (--m_parenDepth < 0)
                    return fail(start, QStringLiteral("unexpected right paren %1").arg(describeRune(r)));
                pushToken(TokenType::RightParen, start, ++m_pos);
            } else if (r < 0x80 && isPrint(r)) {
                pushToken(TokenType::Char, start, ++m_pos);
            } else {
                return fail(start, QStringLiteral("unrecognized character in action: %1").arg(describeRune(r)));
            }
            if (!ok)
                return false;
        }
    }

    // A run of white space. Its last character may instead belong to a " -}}" trim marker.
    void lexSpace()
    {
        const int start = m_pos;
        int end = m_pos;
        while (end < m_size && isSpace(m_src[end]))
            ++end;
        if (atTrimmedRightDelim(end - 1))
            --end;
        if (end > start)
            pushToken(TokenType::Space, start, end);
        m_pos = end;
    }

    bool lexQuoted(char quote)
    {
        const int start = m_pos;
        int i = m_pos + 1;
        for (;;) {
            if (i >= m_size || (quote != '`' && m_src[i] == '\n')) {
                if (quote == '`')
                    return fail(start, QStringLiteral("unterminated raw quoted string"));
                return fail(start,
                            quote == '"' ? QStringLiteral("unterminated quoted string")
                                         : QStringLiteral("unterminated character constant"));
            }
            const char c = m_src[i];
            if (c == '\\' && quote != '`') {
                if (i + 1 >= m_size || m_src[i + 1] == '\n')
                    return fail(start,
                                quote == '"' ? QStringLiteral("unterminated quoted string")
                                             : QStringLiteral("unterminated character constant"));
                i += 2;
                continue;
            }
            ++i;
            if (c == quote)
                break;
        }
        const TokenType type = quote == '"' ? TokenType::String
            : quote == '`'                  ? TokenType::RawString
                                            : TokenType::CharConstant;
        pushToken(type, start, i);
        m_pos = i;
        return true;
    }

    bool lexFieldOrVariable(TokenType type)
    {
        const int start = m_pos;
        const int afterSigil = m_pos + 1;
        if (atTerminator(afterSigil)) { // a lone "$" or "."
            pushToken(type == TokenType::Variable ? TokenType::Variable : TokenType::Dot, start, afterSigil);
            m_pos = afterSigil;
            return true;
        }
        const int end = scanAlphaNumeric(afterSigil);
        if (!atTerminator(end)) {
            int width = 0;
            return fail(end, QStringLiteral("bad character %1").arg(describeRune(runeAt(end, &width))));
        }
        pushToken(type, start, end);
        m_pos = end;
        return true;
    }

    bool lexIdentifier()
    {
        const int start = m_pos;
        const int end = scanAlphaNumeric(m_pos);
        if (!atTerminator(end)) {
            int width = 0;
            return fail(end, QStringLiteral("bad character %1").arg(describeRune(runeAt(end, &width))));
        }
        const QByteArray word = m_src.mid(start, end - start);
        static const std::pair<const char *, TokenType> keywords[] = {
            {"block", TokenType::Block},
            {"break", TokenType::Break},
            {"continue", TokenType::Continue},
            {"define", TokenType::Define},
            {"else", TokenType::Else},
            {"end", TokenType::End},
            {"if", TokenType::If},
            {"nil", TokenType::Nil},
            {"range", TokenType::Range},
            {"template", TokenType::Template},
            {"with", TokenType::With},
        };
        TokenType type = TokenType::Identifier;
        for (const auto &[name, keyword] : keywords) {
            if (word == name)
                type = keyword;
        }
        if (word == "true" || word == "false")
            type = TokenType::Bool;
        pushToken(type, start, end);
        m_pos = end;
        return true;
    }

    // Go's deliberately loose number scanner; the parser validates what it accepts.
    bool scanNumber(int &i) const
    {
        auto accept = [&](const char *valid) {
            if (i < m_size && m_src[i] != '\0' && std::strchr(valid, m_src[i])) {
                ++i;
                return true;
            }
            return false;
        };
        auto acceptRun = [&](const char *valid) {
            while (accept(valid)) { }
        };
        accept("+-");
        const char *digits = "0123456789_";
        if (accept("0")) {
            if (accept("xX"))
                digits = "0123456789abcdefABCDEF_";
            else if (accept("oO"))
                digits = "01234567_";
            else if (accept("bB"))
                digits = "01_";
        }
        acceptRun(digits);
        if (accept("."))
            acceptRun(digits);
        if (std::strlen(digits) == 11 && accept("eE")) {
            accept("+-");
            acceptRun("0123456789_");
        }
        if (std::strlen(digits) == 23 && accept("pP")) {
            accept("+-");
            acceptRun("0123456789_");
        }
        accept("i");
        int width = 0;
        if (i < m_size && isAlphaNumeric(runeAt(i, &width))) {
            i += width;
            return false;
        }
        return true;
    }

    bool lexNumber()
    {
        const int start = m_pos;
        int i = m_pos;
        auto bad = [&]() {
            return fail(start,
                        QStringLiteral("bad number syntax: %1")
                            .arg(QString::fromUtf8(quote(QByteArrayView(m_src).sliced(start, i - start)))));
        };
        if (!scanNumber(i))
            return bad();
        TokenType type = TokenType::Number;
        if (at(i) == '+' || at(i) == '-') { // complex: 1+2i, no spaces, must end in 'i'
            if (!scanNumber(i) || m_src[i - 1] != 'i')
                return bad();
            type = TokenType::Complex;
        }
        pushToken(type, start, i);
        m_pos = i;
        return true;
    }
};

} // namespace

std::vector<Token> TemplateLexer::tokenize(const QByteArray &source)
{
    return Lexer(source).run();
}

} // namespace Postrider::Template::detail
