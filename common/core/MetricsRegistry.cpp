#include "MetricsRegistry.h"

#include <algorithm>
#include <cmath>

namespace Postrider {

const QList<double> &MetricsRegistry::defaultBuckets()
{
    static const QList<double> b{0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10};
    return b;
}

void MetricsRegistry::defineCounter(const QString &name, const QString &help, const QStringList &labels)
{
    QMutexLocker lock(&m_mutex);
    Family &f = m_families[name];
    f.type = Type::Counter;
    f.help = help;
    f.labels = labels;
}

void MetricsRegistry::defineGauge(const QString &name, const QString &help, const QStringList &labels)
{
    QMutexLocker lock(&m_mutex);
    Family &f = m_families[name];
    f.type = Type::Gauge;
    f.help = help;
    f.labels = labels;
}

void MetricsRegistry::defineHistogram(const QString &name, const QString &help, const QStringList &labels,
                                      const QList<double> &buckets)
{
    QMutexLocker lock(&m_mutex);
    Family &f = m_families[name];
    f.type = Type::Histogram;
    f.help = help;
    f.labels = labels;
    f.buckets = buckets;
    std::sort(f.buckets.begin(), f.buckets.end());
}

MetricsRegistry::Family *MetricsRegistry::family(const QString &name, Type type)
{
    auto it = m_families.find(name);
    if (it == m_families.end() || it->type != type) {
        qWarning("metrics: %s is not defined as that type", qPrintable(name));
        return nullptr;
    }
    return &*it;
}

void MetricsRegistry::inc(const QString &name, const QStringList &labelValues, double by)
{
    QMutexLocker lock(&m_mutex);
    auto it = m_families.find(name);
    if (it == m_families.end() || it->type == Type::Histogram || labelValues.size() != it->labels.size()) {
        qWarning("metrics: bad increment of %s", qPrintable(name));
        return;
    }
    it->series[labelValues].value += by;
}

void MetricsRegistry::set(const QString &name, const QStringList &labelValues, double value)
{
    QMutexLocker lock(&m_mutex);
    Family *f = family(name, Type::Gauge);
    if (f && labelValues.size() == f->labels.size())
        f->series[labelValues].value = value;
}

void MetricsRegistry::observe(const QString &name, const QStringList &labelValues, double value)
{
    QMutexLocker lock(&m_mutex);
    Family *f = family(name, Type::Histogram);
    if (!f || labelValues.size() != f->labels.size())
        return;
    Series &s = f->series[labelValues];
    if (s.bucketCounts.size() != f->buckets.size() + 1)
        s.bucketCounts = QList<quint64>(f->buckets.size() + 1, 0);
    qsizetype b = 0;
    while (b < f->buckets.size() && value > f->buckets[b])
        ++b;
    ++s.bucketCounts[b];
    s.sum += value;
    ++s.count;
}

void MetricsRegistry::setHistogram(const QString &name, const QStringList &labelValues,
                                   const QList<quint64> &bucketCounts, double sum, quint64 count)
{
    QMutexLocker lock(&m_mutex);
    Family *f = family(name, Type::Histogram);
    if (!f || labelValues.size() != f->labels.size() || bucketCounts.size() != f->buckets.size() + 1)
        return;
    Series &s = f->series[labelValues];
    s.bucketCounts = bucketCounts;
    s.sum = sum;
    s.count = count;
}

void MetricsRegistry::clearSeries(const QString &name)
{
    QMutexLocker lock(&m_mutex);
    auto it = m_families.find(name);
    if (it != m_families.end())
        it->series.clear();
}

void MetricsRegistry::addCollector(std::function<void(MetricsRegistry &)> collector)
{
    QMutexLocker lock(&m_mutex);
    m_collectors.append(std::move(collector));
}

double MetricsRegistry::value(const QString &name, const QStringList &labelValues) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_families.constFind(name);
    if (it == m_families.cend())
        return 0;
    const auto s = it->series.constFind(labelValues);
    return s == it->series.cend() ? 0 : (it->type == Type::Histogram ? double(s->count) : s->value);
}

QString MetricsRegistry::escapeLabelValue(const QString &v)
{
    QString out;
    out.reserve(v.size());
    for (QChar c : v) {
        if (c == u'\\')
            out += QLatin1String("\\\\");
        else if (c == u'"')
            out += QLatin1String("\\\"");
        else if (c == u'\n')
            out += QLatin1String("\\n");
        else
            out += c;
    }
    return out;
}

QByteArray MetricsRegistry::formatDouble(double v)
{
    if (std::isinf(v))
        return v > 0 ? "+Inf" : "-Inf";
    if (std::isnan(v))
        return "NaN";
    if (v == std::floor(v) && std::abs(v) < 1e15)
        return QByteArray::number(qint64(v));
    // Go's %g: shortest representation that round-trips, exponent for very small/large values.
    QByteArray s = QByteArray::number(v, 'g', 17);
    for (int p = 1; p <= 17; ++p) {
        const QByteArray t = QByteArray::number(v, 'g', p);
        if (t.toDouble() == v) {
            s = t;
            break;
        }
    }
    return s;
}

QByteArray MetricsRegistry::exposition(const QString &prefix)
{
    QList<std::function<void(MetricsRegistry &)>> collectors;
    {
        QMutexLocker lock(&m_mutex);
        collectors = m_collectors;
    }
    for (const auto &c : collectors)
        c(*this);

    QMutexLocker lock(&m_mutex);
    QByteArray out;
    const QString pre = prefix.isEmpty() ? QString() : prefix + u'_';
    for (auto it = m_families.cbegin(); it != m_families.cend(); ++it) {
        const QByteArray name = (pre + it.key()).toUtf8();
        const Family &f = *it;
        out += "# HELP " + name + ' ' + f.help.toUtf8() + '\n';
        out += "# TYPE " + name + ' '
            + (f.type == Type::Counter     ? "counter"
                   : f.type == Type::Gauge ? "gauge"
                                           : "histogram")
            + '\n';
        // Series sorted by their encoded label values (QMap over QStringList already orders them).
        for (auto s = f.series.cbegin(); s != f.series.cend(); ++s) {
            QByteArray labels;
            for (qsizetype i = 0; i < f.labels.size(); ++i) {
                if (i)
                    labels += ',';
                labels += f.labels[i].toUtf8() + "=\"" + escapeLabelValue(s.key().value(i)).toUtf8() + '"';
            }
            if (f.type != Type::Histogram) {
                out +=
                    name + (labels.isEmpty() ? QByteArray() : '{' + labels + '}') + ' ' + formatDouble(s->value) + '\n';
                continue;
            }
            quint64 cumulative = 0;
            const QByteArray sep = labels.isEmpty() ? QByteArray() : QByteArray(",");
            for (qsizetype b = 0; b <= f.buckets.size(); ++b) {
                cumulative += s->bucketCounts.value(b);
                const QByteArray le = b < f.buckets.size() ? formatDouble(f.buckets[b]) : QByteArray("+Inf");
                out += name + "_bucket{" + labels + sep + "le=\"" + le + "\"} " + QByteArray::number(cumulative) + '\n';
            }
            out += name + "_sum" + (labels.isEmpty() ? QByteArray() : '{' + labels + '}') + ' ' + formatDouble(s->sum)
                + '\n';
            out += name + "_count" + (labels.isEmpty() ? QByteArray() : '{' + labels + '}') + ' '
                + QByteArray::number(s->count) + '\n';
        }
    }
    return out;
}

} // namespace Postrider
