#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QMutex>
#include <QString>
#include <QStringList>

#include <functional>

namespace Postrider {

/// \brief Prometheus metrics (text format 0.0.4), shared by every ingress and the outbox.
///
/// Families are defined once with their label names; samples are addressed by label values.
/// Names are given without prefix (`submissions_sent_total`); exposition() prepends `<prefix>_`
/// (`postrider_` by default, `posthorn_` for migrating dashboards). Output follows Posthorn's
/// writer: families sorted by name, each with HELP and TYPE even without samples, series sorted
/// by their encoded label values, `le` last, `_sum` printed like Go's %g. Thread-safe.
class MetricsRegistry
{
public:
    enum class Type { Counter, Gauge, Histogram };
    /// Posthorn's latency buckets (seconds).
    static const QList<double> &defaultBuckets();

    void defineCounter(const QString &name, const QString &help, const QStringList &labels = {});
    void defineGauge(const QString &name, const QString &help, const QStringList &labels = {});
    void defineHistogram(const QString &name, const QString &help, const QStringList &labels,
                         const QList<double> &buckets = defaultBuckets());

    void inc(const QString &name, const QStringList &labelValues = {}, double by = 1);
    void set(const QString &name, const QStringList &labelValues, double value);
    void observe(const QString &name, const QStringList &labelValues, double value);
    /// Replaces a histogram series wholesale (for histograms kept elsewhere, e.g. by the store
    /// thread); `bucketCounts` are per bucket (non-cumulative), one more than the bucket bounds.
    void setHistogram(const QString &name, const QStringList &labelValues, const QList<quint64> &bucketCounts,
                      double sum, quint64 count);
    /// Removes every series of a gauge family (collectors rebuild them on each scrape).
    void clearSeries(const QString &name);

    /// Called before every exposition, to refresh gauges from live state (outbox depth...).
    void addCollector(std::function<void(MetricsRegistry &)> collector);

    QByteArray exposition(const QString &prefix = QStringLiteral("postrider"));
    /// Current value of a counter/gauge series (tests); 0 when absent.
    double value(const QString &name, const QStringList &labelValues = {}) const;

    static QString escapeLabelValue(const QString &v);
    static QByteArray formatDouble(double v);

private:
    struct Series
    {
        double value = 0;
        QList<quint64> bucketCounts; ///< histograms: per bucket (non-cumulative)
        double sum = 0;
        quint64 count = 0;
    };
    struct Family
    {
        Type type = Type::Counter;
        QString help;
        QStringList labels;
        QList<double> buckets;
        QMap<QStringList, Series> series;
    };
    Family *family(const QString &name, Type type);

    mutable QMutex m_mutex;
    QMap<QString, Family> m_families;
    QList<std::function<void(MetricsRegistry &)>> m_collectors;
};

} // namespace Postrider
