<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ErrorText</name>
    <message>
        <location filename="../gui/ErrorText.cpp" line="12"/>
        <source>The daemon refused the access token. Is this the token file of the running daemon?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="14"/>
        <source>The access token cannot be read. Only members of the postrider-admin group may use the daemon.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="15"/>
        <source>Not connected to the Postrider daemon.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="16"/>
        <source>The connection to the daemon was lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="17"/>
        <source>The daemon did not answer in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="19"/>
        <source>The Postrider daemon is not running or its socket cannot be reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="21"/>
        <source>This admin app and the daemon speak different protocol versions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="22"/>
        <source>Too many admin connections to the daemon.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="23"/>
        <source>The daemon is busy with earlier requests; try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="25"/>
        <source>The daemon does not support this action; it may be older than this app.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="26"/>
        <source>The request was not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="27"/>
        <source>There is no such transport (any more).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="28"/>
        <source>The outbox is not open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="29"/>
        <source>The message is no longer in the journal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="30"/>
        <source>The message is no longer waiting to be sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="31"/>
        <source>A delivery attempt for this message is in progress.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="32"/>
        <source>The message was already sent; use Resend for a new copy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="33"/>
        <source>The message body was not kept, so it cannot be sent again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="35"/>
        <source>None of the message&apos;s transports is configured; resend it through another one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="36"/>
        <source>The configuration has errors; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="38"/>
        <source>The daemon runs its built-in configuration, which cannot be edited here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="39"/>
        <source>The daemon cannot read its configuration file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="41"/>
        <source>The daemon cannot write its configuration file. See the admin app documentation for the service.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postrider::AdminApp</name>
    <message>
        <location filename="../gui/AdminApp.cpp" line="29"/>
        <source>Postrider admin app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/AdminApp.cpp" line="33"/>
        <source>Control socket of the daemon.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/AdminApp.cpp" line="36"/>
        <source>File holding the control token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/AdminApp.cpp" line="39"/>
        <source>Start with only the tray icon.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postrider::ConfigPage</name>
    <message>
        <location filename="../gui/ConfigPage.cpp" line="24"/>
        <source>&amp;Validate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ConfigPage.cpp" line="25"/>
        <source>&amp;Save and apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ConfigPage.cpp" line="26"/>
        <source>Re&amp;load from disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ConfigPage.cpp" line="27"/>
        <source>&amp;Discard changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ConfigPage.cpp" line="42"/>
        <source>Secrets are shown as &quot;set&quot; or &quot;not set&quot;. Leave &quot;set&quot; to keep a secret, or type a new value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ConfigPage.cpp" line="44"/>
        <source>Make the daemon re-read its configuration file (like SIGHUP).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ConfigPage.cpp" line="105"/>
        <source>Configuration file: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ConfigPage.cpp" line="122"/>
        <source>The configuration is valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/ConfigPage.cpp" line="123"/>
        <source>%n error(s) found.</source>
        <translation>
            <numerusform>%n error found.</numerusform>
            <numerusform>%n errors found.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../gui/ConfigPage.cpp" line="139"/>
        <source>Saved and applied; the previous file was kept as .bak.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ConfigPage.cpp" line="146"/>
        <source>Restart the daemon to apply: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ConfigPage.cpp" line="161"/>
        <source>The daemon re-read its configuration file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ConfigPage.cpp" line="179"/>
        <source>Line %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postrider::MainWindow</name>
    <message>
        <location filename="../gui/MainWindow.cpp" line="33"/>
        <source>&amp;Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="34"/>
        <source>&amp;Sends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="35"/>
        <source>&amp;Transports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="36"/>
        <source>&amp;Configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="47"/>
        <source>Postrider — %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postrider::Notifier</name>
    <message>
        <location filename="../gui/Notifier.cpp" line="42"/>
        <source>Transport %1 is failing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/Notifier.cpp" line="43"/>
        <source>Its circuit breaker opened after repeated failures; messages go to the next transport of their route or wait.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/Notifier.cpp" line="47"/>
        <source>Transport %1 works again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/Notifier.cpp" line="47"/>
        <source>Its circuit breaker closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/Notifier.cpp" line="52"/>
        <source>Configuration not applied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/Notifier.cpp" line="53"/>
        <source>The new configuration has errors; the daemon keeps running the previous one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/Notifier.cpp" line="61"/>
        <source>Connected again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/Notifier.cpp" line="61"/>
        <source>The admin app is connected to the daemon again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/Notifier.cpp" line="67"/>
        <source>Daemon unreachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/Notifier.cpp" line="67"/>
        <source>The connection to the Postrider daemon was lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/Notifier.cpp" line="75"/>
        <source>%n message(s) failed</source>
        <translation>
            <numerusform>%n message failed</numerusform>
            <numerusform>%n messages failed</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../gui/Notifier.cpp" line="76"/>
        <source>Open the Sends page to see why and to retry or resend them.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postrider::OverviewPage</name>
    <message numerus="yes">
        <location filename="../gui/OverviewPage.cpp" line="28"/>
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n second</numerusform>
            <numerusform>%n seconds</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/OverviewPage.cpp" line="30"/>
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n minute</numerusform>
            <numerusform>%n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/OverviewPage.cpp" line="32"/>
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n hour</numerusform>
            <numerusform>%n hours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/OverviewPage.cpp" line="33"/>
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../gui/OverviewPage.cpp" line="59"/>
        <source>Daemon:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/OverviewPage.cpp" line="60"/>
        <source>Listeners:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/OverviewPage.cpp" line="61"/>
        <source>Messages:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/OverviewPage.cpp" line="62"/>
        <source>Outbox:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/OverviewPage.cpp" line="81"/>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/OverviewPage.cpp" line="86"/>
        <source>Version %1, running for %2, configuration %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/OverviewPage.cpp" line="89"/>
        <source>built in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/OverviewPage.cpp" line="95"/>
        <source>HTTP on %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/OverviewPage.cpp" line="97"/>
        <source>no endpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/OverviewPage.cpp" line="99"/>
        <source>SMTP on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/OverviewPage.cpp" line="101"/>
        <source>SMTP with TLS on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/OverviewPage.cpp" line="105"/>
        <source>%1 queued, %2 sending, %3 waiting to retry; since start %4 accepted, %5 sent, %6 failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/OverviewPage.cpp" line="113"/>
        <source>Healthy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/OverviewPage.cpp" line="113"/>
        <source>Not healthy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/OverviewPage.cpp" line="115"/>
        <source>(oldest waiting message: %1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postrider::SendTestDialog</name>
    <message>
        <location filename="../gui/SendTestDialog.cpp" line="24"/>
        <source>Include an HTML part</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendTestDialog.cpp" line="25"/>
        <source>&amp;Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendTestDialog.cpp" line="29"/>
        <source>Send test message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendTestDialog.cpp" line="41"/>
        <source>you@example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendTestDialog.cpp" line="42"/>
        <source>optional: the sender of an endpoint using this transport</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendTestDialog.cpp" line="45"/>
        <source>&amp;Transport:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendTestDialog.cpp" line="46"/>
        <source>T&amp;o:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendTestDialog.cpp" line="47"/>
        <source>&amp;From:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendTestDialog.cpp" line="55"/>
        <source>The daemon sends one real message through the transport, outside the outbox.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendTestDialog.cpp" line="76"/>
        <source>Sending…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendTestDialog.cpp" line="90"/>
        <source>Accepted by the provider in %1 ms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendTestDialog.cpp" line="91"/>
        <source>Message id: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendTestDialog.cpp" line="93"/>
        <source>Not accepted (%1, status %2) after %3 ms: %4</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postrider::SendsModel</name>
    <message>
        <location filename="../gui/SendsModel.cpp" line="27"/>
        <source>Queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsModel.cpp" line="29"/>
        <source>Sending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsModel.cpp" line="31"/>
        <source>Retrying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsModel.cpp" line="33"/>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsModel.cpp" line="35"/>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsModel.cpp" line="37"/>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsModel.cpp" line="44"/>
        <source>Web form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsModel.cpp" line="46"/>
        <source>HTTP API</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsModel.cpp" line="48"/>
        <source>SMTP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsModel.cpp" line="50"/>
        <source>Command line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsModel.cpp" line="52"/>
        <source>Admin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsModel.cpp" line="106"/>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsModel.cpp" line="108"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsModel.cpp" line="110"/>
        <source>Recipients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsModel.cpp" line="112"/>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsModel.cpp" line="114"/>
        <source>Transport</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsModel.cpp" line="116"/>
        <source>Attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsModel.cpp" line="118"/>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postrider::SendsPage</name>
    <message>
        <location filename="../gui/SendsPage.cpp" line="40"/>
        <source>&amp;Retry now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="41"/>
        <source>&amp;Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="59"/>
        <source>All statuses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="62"/>
        <source>All sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="65"/>
        <source>Recipient contains…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="66"/>
        <source>Subject contains…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="96"/>
        <source>#</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="96"/>
        <source>Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="96"/>
        <source>Transport</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="96"/>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="96"/>
        <location filename="../gui/SendsPage.cpp" line="197"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="96"/>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="101"/>
        <source>Resend &amp;via…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="107"/>
        <source>Queued for another attempt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="110"/>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="161"/>
        <source>Select a message to see its delivery attempts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="194"/>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="195"/>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="196"/>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="198"/>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="204"/>
        <source>Transports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="205"/>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="207"/>
        <source>Provider id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="209"/>
        <source>Last error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="211"/>
        <source>Resent from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="212"/>
        <source>Id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="251"/>
        <source>Its own route</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="254"/>
        <source>Resent as a new message.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="263"/>
        <source>Resent through %1 as a new message.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="272"/>
        <source>Working…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postrider::TransportsModel</name>
    <message>
        <location filename="../gui/TransportsModel.cpp" line="26"/>
        <source>Failing (circuit open)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/TransportsModel.cpp" line="28"/>
        <source>Testing (circuit half-open)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/TransportsModel.cpp" line="30"/>
        <source>Working</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/TransportsModel.cpp" line="32"/>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/TransportsModel.cpp" line="80"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/TransportsModel.cpp" line="82"/>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/TransportsModel.cpp" line="84"/>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/TransportsModel.cpp" line="86"/>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/TransportsModel.cpp" line="88"/>
        <source>Failed attempts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postrider::TransportsPage</name>
    <message>
        <location filename="../gui/TransportsPage.cpp" line="21"/>
        <source>&amp;Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/TransportsPage.cpp" line="22"/>
        <source>Res&amp;ume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/TransportsPage.cpp" line="23"/>
        <source>Reset &amp;breaker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/TransportsPage.cpp" line="24"/>
        <source>Send &amp;test message…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/TransportsPage.cpp" line="34"/>
        <source>Stop starting deliveries through this transport; messages wait.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/TransportsPage.cpp" line="35"/>
        <source>Close the circuit breaker so deliveries are tried again at once.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postrider::TrayIcon</name>
    <message>
        <location filename="../gui/TrayIcon.cpp" line="22"/>
        <source>&amp;Open Postrider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/TrayIcon.cpp" line="23"/>
        <source>&amp;Pause all transports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/TrayIcon.cpp" line="24"/>
        <source>&amp;Resume all transports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/TrayIcon.cpp" line="26"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/TrayIcon.cpp" line="52"/>
        <source>Postrider: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatusPresenter</name>
    <message>
        <location filename="../gui/StatusPresenter.cpp" line="11"/>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/StatusPresenter.cpp" line="13"/>
        <source>Access denied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/StatusPresenter.cpp" line="15"/>
        <source>Outbox error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/StatusPresenter.cpp" line="17"/>
        <source>Needs attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/StatusPresenter.cpp" line="19"/>
        <source>Sending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/StatusPresenter.cpp" line="21"/>
        <source>Idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/StatusPresenter.cpp" line="30"/>
        <source>Waiting for the Postrider daemon…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/StatusPresenter.cpp" line="38"/>
        <source>The outbox cannot store messages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/StatusPresenter.cpp" line="40"/>
        <source>%n transport(s) failing</source>
        <translation>
            <numerusform>%n transport failing</numerusform>
            <numerusform>%n transports failing</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/StatusPresenter.cpp" line="42"/>
        <source>%n transport(s) paused</source>
        <translation>
            <numerusform>%n transport paused</numerusform>
            <numerusform>%n transports paused</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/StatusPresenter.cpp" line="44"/>
        <source>%n message(s) waiting to be retried</source>
        <translation>
            <numerusform>%n message waiting to be retried</numerusform>
            <numerusform>%n messages waiting to be retried</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/StatusPresenter.cpp" line="46"/>
        <source>%n message(s) being sent</source>
        <translation>
            <numerusform>%n message being sent</numerusform>
            <numerusform>%n messages being sent</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../gui/StatusPresenter.cpp" line="48"/>
        <source>All messages delivered.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
