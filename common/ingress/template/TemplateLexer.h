#pragma once

#include <QByteArray>

#include <vector>

namespace Postrider::Template::detail {

/// \brief Token kinds of text/template's lexer (parse/lex.go item types).
enum class TokenType {
    Error, ///< val holds the message; always the last token
    Eof,
    Text,
    LeftDelim,
    RightDelim,
    Space,
    Bool,
    Char, ///< printable ASCII punctuation such as ','
    CharConstant,
    Complex,
    Assign, ///< =
    Declare, ///< :=
    Field,
    Identifier,
    LeftParen,
    Number,
    Pipe,
    RawString,
    RightParen,
    String,
    Variable,
    // Keywords, kept last: the parser tells them apart by this order (Go prints them as <if>).
    Block,
    Break,
    Continue,
    Define,
    Dot,
    Else,
    End,
    If,
    Nil,
    Range,
    Template,
    With,
};

/// \brief One token: its kind, byte offset and text (Text tokens already trimmed).
struct Token
{
    TokenType type = TokenType::Eof;
    int pos = 0;
    QByteArray val;
};

/// \brief Splits a template into tokens exactly as Go's lexer does, including the `{{- ` and
/// ` -}}` trim markers and comments. Stops at the first error, which becomes the last token.
class TemplateLexer
{
public:
    static std::vector<Token> tokenize(const QByteArray &source);
};

} // namespace Postrider::Template::detail
