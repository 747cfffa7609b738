<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Postrider::ConfigPage</name>
    <message numerus="yes">
        <location filename="../gui/ConfigPage.cpp" line="122" />
        <source>%n error(s) found.</source>
        <translation><numerusform>%n error found.</numerusform><numerusform>%n errors found.</numerusform></translation>
    </message>
    </context>
<context>
    <name>Postrider::Notifier</name>
    <message numerus="yes">
        <location filename="../gui/Notifier.cpp" line="74" />
        <source>%n message(s) failed</source>
        <translation><numerusform>%n message failed</numerusform><numerusform>%n messages failed</numerusform></translation>
    </message>
    </context>
<context>
    <name>Postrider::OverviewPage</name>
    <message numerus="yes">
        <location filename="../gui/OverviewPage.cpp" line="28" />
        <source>%n second(s)</source>
        <translation><numerusform>%n second</numerusform><numerusform>%n seconds</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/OverviewPage.cpp" line="30" />
        <source>%n minute(s)</source>
        <translation><numerusform>%n minute</numerusform><numerusform>%n minutes</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/OverviewPage.cpp" line="32" />
        <source>%n hour(s)</source>
        <translation><numerusform>%n hour</numerusform><numerusform>%n hours</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/OverviewPage.cpp" line="33" />
        <source>%n day(s)</source>
        <translation><numerusform>%n day</numerusform><numerusform>%n days</numerusform></translation>
    </message>
    </context>
<context>
    <name>StatusPresenter</name>
    <message numerus="yes">
        <location filename="../gui/StatusPresenter.cpp" line="40" />
        <source>%n transport(s) failing</source>
        <translation><numerusform>%n transport failing</numerusform><numerusform>%n transports failing</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/StatusPresenter.cpp" line="42" />
        <source>%n transport(s) paused</source>
        <translation><numerusform>%n transport paused</numerusform><numerusform>%n transports paused</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/StatusPresenter.cpp" line="44" />
        <source>%n message(s) waiting to be retried</source>
        <translation><numerusform>%n message waiting to be retried</numerusform><numerusform>%n messages waiting to be retried</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/StatusPresenter.cpp" line="46" />
        <source>%n message(s) being sent</source>
        <translation><numerusform>%n message being sent</numerusform><numerusform>%n messages being sent</numerusform></translation>
    </message>
    </context>
</TS>