#pragma once

#include <QJsonObject>
#include <QString>

#include <utility>
#include <variant>

namespace Postrider {

/// \brief An error as a value: a stable dotted code (`config.invalid`, `transport.auth_failed`)
/// that programs branch on, a human-readable message, and optional structured details.
struct Error
{
    QString code;
    QString message;
    QJsonObject details;

    Error() = default;
    Error(QString c, QString m, QJsonObject d = {})
        : code(std::move(c))
        , message(std::move(m))
        , details(std::move(d))
    { }
    /// "code: message", for logs and CLI output.
    QString toString() const { return message.isEmpty() ? code : code + QStringLiteral(": ") + message; }
};

/// \brief Either a value of type T or an Error (C++20 stand-in for std::expected).
template<typename T>
class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_v(std::in_place_index<0>, std::move(value))
    { }
    Result(Error error)
        : m_v(std::in_place_index<1>, std::move(error))
    { }

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return std::get<0>(m_v); }
    T &value() & { return std::get<0>(m_v); }
    T &&value() && { return std::get<0>(std::move(m_v)); }
    const T &operator*() const & { return value(); }
    const T *operator->() const { return &value(); }
    const Error &error() const { return std::get<1>(m_v); }
    T valueOr(T fallback) const { return ok() ? value() : std::move(fallback); }

private:
    std::variant<T, Error> m_v;
};

/// \brief Result of an operation that yields nothing but may fail.
template<>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
        , m_failed(true)
    { }
    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return m_error; }

private:
    Error m_error;
    bool m_failed = false;
};

using Status = Result<void>;

} // namespace Postrider
