<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ErrorText</name>
    <message>
        <location filename="../gui/ErrorText.cpp" line="12"/>
        <source>The daemon refused the access token. Is this the token file of the running daemon?</source>
        <translation>Der Dienst hat das Zugangstoken abgelehnt. Gehört die Token-Datei zum laufenden Dienst?</translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="14"/>
        <source>The access token cannot be read. Only members of the postrider-admin group may use the daemon.</source>
        <translation>Das Zugangstoken kann nicht gelesen werden. Nur Mitglieder der Gruppe postrider-admin dürfen den Dienst verwalten.</translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="15"/>
        <source>Not connected to the Postrider daemon.</source>
        <translation>Nicht mit dem Postrider-Dienst verbunden.</translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="16"/>
        <source>The connection to the daemon was lost.</source>
        <translation>Die Verbindung zum Dienst ist abgebrochen.</translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="17"/>
        <source>The daemon did not answer in time.</source>
        <translation>Der Dienst hat nicht rechtzeitig geantwortet.</translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="19"/>
        <source>The Postrider daemon is not running or its socket cannot be reached.</source>
        <translation>Der Postrider-Dienst läuft nicht, oder sein Socket ist nicht erreichbar.</translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="21"/>
        <source>This admin app and the daemon speak different protocol versions.</source>
        <translation>Diese Verwaltungs-App und der Dienst sprechen unterschiedliche Protokollversionen.</translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="22"/>
        <source>Too many admin connections to the daemon.</source>
        <translation>Zu viele Verwaltungsverbindungen zum Dienst.</translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="23"/>
        <source>The daemon is busy with earlier requests; try again.</source>
        <translation>Der Dienst ist mit früheren Anfragen beschäftigt; bitte erneut versuchen.</translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="25"/>
        <source>The daemon does not support this action; it may be older than this app.</source>
        <translation>Der Dienst unterstützt diese Aktion nicht; vielleicht ist er älter als diese App.</translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="26"/>
        <source>The request was not valid.</source>
        <translation>Die Anfrage war ungültig.</translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="27"/>
        <source>There is no such transport (any more).</source>
        <translation>Diesen Transport gibt es nicht (mehr).</translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="28"/>
        <source>The outbox is not open.</source>
        <translation>Der Postausgang ist nicht geöffnet.</translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="29"/>
        <source>The message is no longer in the journal.</source>
        <translation>Die Nachricht ist nicht mehr im Journal.</translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="30"/>
        <source>The message is no longer waiting to be sent.</source>
        <translation>Die Nachricht wartet nicht mehr auf den Versand.</translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="31"/>
        <source>A delivery attempt for this message is in progress.</source>
        <translation>Für diese Nachricht läuft gerade ein Zustellversuch.</translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="32"/>
        <source>The message was already sent; use Resend for a new copy.</source>
        <translation>Die Nachricht wurde bereits gesendet; „Erneut senden“ erzeugt eine neue Kopie.</translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="33"/>
        <source>The message body was not kept, so it cannot be sent again.</source>
        <translation>Der Nachrichtentext wurde nicht aufbewahrt, daher kann sie nicht erneut gesendet werden.</translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="35"/>
        <source>None of the message&apos;s transports is configured; resend it through another one.</source>
        <translation>Keiner der Transporte dieser Nachricht ist konfiguriert; senden Sie sie über einen anderen erneut.</translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="36"/>
        <source>The configuration has errors; nothing was changed.</source>
        <translation>Die Konfiguration enthält Fehler; es wurde nichts geändert.</translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="38"/>
        <source>The daemon runs its built-in configuration, which cannot be edited here.</source>
        <translation>Der Dienst läuft mit seiner eingebauten Konfiguration, die hier nicht bearbeitet werden kann.</translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="39"/>
        <source>The daemon cannot read its configuration file.</source>
        <translation>Der Dienst kann seine Konfigurationsdatei nicht lesen.</translation>
    </message>
    <message>
        <location filename="../gui/ErrorText.cpp" line="41"/>
        <source>The daemon cannot write its configuration file. See the admin app documentation for the service.</source>
        <translation>Der Dienst kann seine Konfigurationsdatei nicht schreiben. Siehe die Dokumentation der Verwaltungs-App zum Systemdienst.</translation>
    </message>
</context>
<context>
    <name>Postrider::AdminApp</name>
    <message>
        <location filename="../gui/AdminApp.cpp" line="29"/>
        <source>Postrider admin app</source>
        <translation>Postrider-Verwaltung</translation>
    </message>
    <message>
        <location filename="../gui/AdminApp.cpp" line="33"/>
        <source>Control socket of the daemon.</source>
        <translation>Steuer-Socket des Dienstes.</translation>
    </message>
    <message>
        <location filename="../gui/AdminApp.cpp" line="36"/>
        <source>File holding the control token.</source>
        <translation>Datei mit dem Zugangstoken.</translation>
    </message>
    <message>
        <location filename="../gui/AdminApp.cpp" line="39"/>
        <source>Start with only the tray icon.</source>
        <translation>Nur mit dem Symbol im Systembereich starten.</translation>
    </message>
</context>
<context>
    <name>Postrider::ConfigPage</name>
    <message>
        <location filename="../gui/ConfigPage.cpp" line="24"/>
        <source>&amp;Validate</source>
        <translation>&amp;Prüfen</translation>
    </message>
    <message>
        <location filename="../gui/ConfigPage.cpp" line="25"/>
        <source>&amp;Save and apply</source>
        <translation>&amp;Speichern und anwenden</translation>
    </message>
    <message>
        <location filename="../gui/ConfigPage.cpp" line="26"/>
        <source>Re&amp;load from disk</source>
        <translation>Von der Platte neu &amp;laden</translation>
    </message>
    <message>
        <location filename="../gui/ConfigPage.cpp" line="27"/>
        <source>&amp;Discard changes</source>
        <translation>Änderungen &amp;verwerfen</translation>
    </message>
    <message>
        <location filename="../gui/ConfigPage.cpp" line="42"/>
        <source>Secrets are shown as &quot;set&quot; or &quot;not set&quot;. Leave &quot;set&quot; to keep a secret, or type a new value.</source>
        <translation>Geheimnisse werden als „set“ oder „not set“ angezeigt. Lassen Sie „set“ stehen, um ein Geheimnis zu behalten, oder geben Sie einen neuen Wert ein.</translation>
    </message>
    <message>
        <location filename="../gui/ConfigPage.cpp" line="44"/>
        <source>Make the daemon re-read its configuration file (like SIGHUP).</source>
        <translation>Den Dienst seine Konfigurationsdatei neu lesen lassen (wie SIGHUP).</translation>
    </message>
    <message>
        <location filename="../gui/ConfigPage.cpp" line="105"/>
        <source>Configuration file: %1</source>
        <translation>Konfigurationsdatei: %1</translation>
    </message>
    <message>
        <location filename="../gui/ConfigPage.cpp" line="122"/>
        <source>The configuration is valid.</source>
        <translation>Die Konfiguration ist gültig.</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/ConfigPage.cpp" line="123"/>
        <source>%n error(s) found.</source>
        <translation>
            <numerusform>%n Fehler gefunden.</numerusform>
            <numerusform>%n Fehler gefunden.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../gui/ConfigPage.cpp" line="139"/>
        <source>Saved and applied; the previous file was kept as .bak.</source>
        <translation>Gespeichert und angewendet; die vorige Datei wurde als .bak aufbewahrt.</translation>
    </message>
    <message>
        <location filename="../gui/ConfigPage.cpp" line="146"/>
        <source>Restart the daemon to apply: %1.</source>
        <translation>Zum Anwenden den Dienst neu starten: %1.</translation>
    </message>
    <message>
        <location filename="../gui/ConfigPage.cpp" line="161"/>
        <source>The daemon re-read its configuration file.</source>
        <translation>Der Dienst hat seine Konfigurationsdatei neu gelesen.</translation>
    </message>
    <message>
        <location filename="../gui/ConfigPage.cpp" line="179"/>
        <source>Line %1: %2</source>
        <translation>Zeile %1: %2</translation>
    </message>
</context>
<context>
    <name>Postrider::MainWindow</name>
    <message>
        <location filename="../gui/MainWindow.cpp" line="33"/>
        <source>&amp;Overview</source>
        <translation>&amp;Übersicht</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="34"/>
        <source>&amp;Sends</source>
        <translation>&amp;Sendungen</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="35"/>
        <source>&amp;Transports</source>
        <translation>&amp;Transporte</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="36"/>
        <source>&amp;Configuration</source>
        <translation>&amp;Konfiguration</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="47"/>
        <source>Postrider — %1</source>
        <translation>Postrider – %1</translation>
    </message>
</context>
<context>
    <name>Postrider::Notifier</name>
    <message>
        <location filename="../gui/Notifier.cpp" line="42"/>
        <source>Transport %1 is failing</source>
        <translation>Transport %1 schlägt fehl</translation>
    </message>
    <message>
        <location filename="../gui/Notifier.cpp" line="43"/>
        <source>Its circuit breaker opened after repeated failures; messages go to the next transport of their route or wait.</source>
        <translation>Sein Schutzschalter hat nach wiederholten Fehlern ausgelöst; Nachrichten gehen an den nächsten Transport ihrer Route oder warten.</translation>
    </message>
    <message>
        <location filename="../gui/Notifier.cpp" line="47"/>
        <source>Transport %1 works again</source>
        <translation>Transport %1 funktioniert wieder</translation>
    </message>
    <message>
        <location filename="../gui/Notifier.cpp" line="47"/>
        <source>Its circuit breaker closed.</source>
        <translation>Sein Schutzschalter ist wieder geschlossen.</translation>
    </message>
    <message>
        <location filename="../gui/Notifier.cpp" line="52"/>
        <source>Configuration not applied</source>
        <translation>Konfiguration nicht angewendet</translation>
    </message>
    <message>
        <location filename="../gui/Notifier.cpp" line="53"/>
        <source>The new configuration has errors; the daemon keeps running the previous one.</source>
        <translation>Die neue Konfiguration enthält Fehler; der Dienst läuft mit der bisherigen weiter.</translation>
    </message>
    <message>
        <location filename="../gui/Notifier.cpp" line="61"/>
        <source>Connected again</source>
        <translation>Wieder verbunden</translation>
    </message>
    <message>
        <location filename="../gui/Notifier.cpp" line="61"/>
        <source>The admin app is connected to the daemon again.</source>
        <translation>Die Verwaltungs-App ist wieder mit dem Dienst verbunden.</translation>
    </message>
    <message>
        <location filename="../gui/Notifier.cpp" line="67"/>
        <source>Daemon unreachable</source>
        <translation>Dienst nicht erreichbar</translation>
    </message>
    <message>
        <location filename="../gui/Notifier.cpp" line="67"/>
        <source>The connection to the Postrider daemon was lost.</source>
        <translation>Die Verbindung zum Postrider-Dienst ist abgebrochen.</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/Notifier.cpp" line="75"/>
        <source>%n message(s) failed</source>
        <translation>
            <numerusform>%n Nachricht fehlgeschlagen</numerusform>
            <numerusform>%n Nachrichten fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../gui/Notifier.cpp" line="76"/>
        <source>Open the Sends page to see why and to retry or resend them.</source>
        <translation>Öffnen Sie die Seite „Sendungen“, um die Ursache zu sehen und sie erneut zu versuchen oder neu zu senden.</translation>
    </message>
</context>
<context>
    <name>Postrider::OverviewPage</name>
    <message numerus="yes">
        <location filename="../gui/OverviewPage.cpp" line="28"/>
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n Sekunde</numerusform>
            <numerusform>%n Sekunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/OverviewPage.cpp" line="30"/>
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n Minute</numerusform>
            <numerusform>%n Minuten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/OverviewPage.cpp" line="32"/>
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n Stunde</numerusform>
            <numerusform>%n Stunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/OverviewPage.cpp" line="33"/>
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n Tag</numerusform>
            <numerusform>%n Tagen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../gui/OverviewPage.cpp" line="59"/>
        <source>Daemon:</source>
        <translation>Dienst:</translation>
    </message>
    <message>
        <location filename="../gui/OverviewPage.cpp" line="60"/>
        <source>Listeners:</source>
        <translation>Eingänge:</translation>
    </message>
    <message>
        <location filename="../gui/OverviewPage.cpp" line="61"/>
        <source>Messages:</source>
        <translation>Nachrichten:</translation>
    </message>
    <message>
        <location filename="../gui/OverviewPage.cpp" line="62"/>
        <source>Outbox:</source>
        <translation>Postausgang:</translation>
    </message>
    <message>
        <location filename="../gui/OverviewPage.cpp" line="81"/>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <location filename="../gui/OverviewPage.cpp" line="86"/>
        <source>Version %1, running for %2, configuration %3</source>
        <translation>Version %1, läuft seit %2, Konfiguration %3</translation>
    </message>
    <message>
        <location filename="../gui/OverviewPage.cpp" line="89"/>
        <source>built in</source>
        <translation>eingebaut</translation>
    </message>
    <message>
        <location filename="../gui/OverviewPage.cpp" line="95"/>
        <source>HTTP on %1 (%2)</source>
        <translation>HTTP auf %1 (%2)</translation>
    </message>
    <message>
        <location filename="../gui/OverviewPage.cpp" line="97"/>
        <source>no endpoints</source>
        <translation>keine Endpunkte</translation>
    </message>
    <message>
        <location filename="../gui/OverviewPage.cpp" line="99"/>
        <source>SMTP on %1</source>
        <translation>SMTP auf %1</translation>
    </message>
    <message>
        <location filename="../gui/OverviewPage.cpp" line="101"/>
        <source>SMTP with TLS on %1</source>
        <translation>SMTP mit TLS auf %1</translation>
    </message>
    <message>
        <location filename="../gui/OverviewPage.cpp" line="105"/>
        <source>%1 queued, %2 sending, %3 waiting to retry; since start %4 accepted, %5 sent, %6 failed</source>
        <translation>%1 in der Warteschlange, %2 im Versand, %3 warten auf Wiederholung; seit dem Start %4 angenommen, %5 gesendet, %6 fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../gui/OverviewPage.cpp" line="113"/>
        <source>Healthy</source>
        <translation>In Ordnung</translation>
    </message>
    <message>
        <location filename="../gui/OverviewPage.cpp" line="113"/>
        <source>Not healthy</source>
        <translation>Gestört</translation>
    </message>
    <message>
        <location filename="../gui/OverviewPage.cpp" line="115"/>
        <source>(oldest waiting message: %1)</source>
        <translation>(älteste wartende Nachricht: %1)</translation>
    </message>
</context>
<context>
    <name>Postrider::SendTestDialog</name>
    <message>
        <location filename="../gui/SendTestDialog.cpp" line="24"/>
        <source>Include an HTML part</source>
        <translation>Einen HTML-Teil mitsenden</translation>
    </message>
    <message>
        <location filename="../gui/SendTestDialog.cpp" line="25"/>
        <source>&amp;Send</source>
        <translation>&amp;Senden</translation>
    </message>
    <message>
        <location filename="../gui/SendTestDialog.cpp" line="29"/>
        <source>Send test message</source>
        <translation>Testnachricht senden</translation>
    </message>
    <message>
        <location filename="../gui/SendTestDialog.cpp" line="41"/>
        <source>you@example.com</source>
        <translation>sie@example.com</translation>
    </message>
    <message>
        <location filename="../gui/SendTestDialog.cpp" line="42"/>
        <source>optional: the sender of an endpoint using this transport</source>
        <translation>optional: der Absender eines Endpunkts, der diesen Transport nutzt</translation>
    </message>
    <message>
        <location filename="../gui/SendTestDialog.cpp" line="45"/>
        <source>&amp;Transport:</source>
        <translation>&amp;Transport:</translation>
    </message>
    <message>
        <location filename="../gui/SendTestDialog.cpp" line="46"/>
        <source>T&amp;o:</source>
        <translation>&amp;An:</translation>
    </message>
    <message>
        <location filename="../gui/SendTestDialog.cpp" line="47"/>
        <source>&amp;From:</source>
        <translation>&amp;Von:</translation>
    </message>
    <message>
        <location filename="../gui/SendTestDialog.cpp" line="55"/>
        <source>The daemon sends one real message through the transport, outside the outbox.</source>
        <translation>Der Dienst sendet eine echte Nachricht über den Transport, am Postausgang vorbei.</translation>
    </message>
    <message>
        <location filename="../gui/SendTestDialog.cpp" line="76"/>
        <source>Sending…</source>
        <translation>Wird gesendet …</translation>
    </message>
    <message>
        <location filename="../gui/SendTestDialog.cpp" line="90"/>
        <source>Accepted by the provider in %1 ms.</source>
        <translation>Vom Anbieter in %1 ms angenommen.</translation>
    </message>
    <message>
        <location filename="../gui/SendTestDialog.cpp" line="91"/>
        <source>Message id: %1</source>
        <translation>Nachrichten-ID: %1</translation>
    </message>
    <message>
        <location filename="../gui/SendTestDialog.cpp" line="93"/>
        <source>Not accepted (%1, status %2) after %3 ms: %4</source>
        <translation>Nicht angenommen (%1, Status %2) nach %3 ms: %4</translation>
    </message>
</context>
<context>
    <name>Postrider::SendsModel</name>
    <message>
        <location filename="../gui/SendsModel.cpp" line="27"/>
        <source>Queued</source>
        <translation>In Warteschlange</translation>
    </message>
    <message>
        <location filename="../gui/SendsModel.cpp" line="29"/>
        <source>Sending</source>
        <translation>Wird gesendet</translation>
    </message>
    <message>
        <location filename="../gui/SendsModel.cpp" line="31"/>
        <source>Retrying</source>
        <translation>Wird wiederholt</translation>
    </message>
    <message>
        <location filename="../gui/SendsModel.cpp" line="33"/>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <location filename="../gui/SendsModel.cpp" line="35"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../gui/SendsModel.cpp" line="37"/>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <location filename="../gui/SendsModel.cpp" line="44"/>
        <source>Web form</source>
        <translation>Webformular</translation>
    </message>
    <message>
        <location filename="../gui/SendsModel.cpp" line="46"/>
        <source>HTTP API</source>
        <translation>HTTP-API</translation>
    </message>
    <message>
        <location filename="../gui/SendsModel.cpp" line="48"/>
        <source>SMTP</source>
        <translation>SMTP</translation>
    </message>
    <message>
        <location filename="../gui/SendsModel.cpp" line="50"/>
        <source>Command line</source>
        <translation>Kommandozeile</translation>
    </message>
    <message>
        <location filename="../gui/SendsModel.cpp" line="52"/>
        <source>Admin</source>
        <translation>Verwaltung</translation>
    </message>
    <message>
        <location filename="../gui/SendsModel.cpp" line="106"/>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <location filename="../gui/SendsModel.cpp" line="108"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../gui/SendsModel.cpp" line="110"/>
        <source>Recipients</source>
        <translation>Empfänger</translation>
    </message>
    <message>
        <location filename="../gui/SendsModel.cpp" line="112"/>
        <source>Subject</source>
        <translation>Betreff</translation>
    </message>
    <message>
        <location filename="../gui/SendsModel.cpp" line="114"/>
        <source>Transport</source>
        <translation>Transport</translation>
    </message>
    <message>
        <location filename="../gui/SendsModel.cpp" line="116"/>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <location filename="../gui/SendsModel.cpp" line="118"/>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
</context>
<context>
    <name>Postrider::SendsPage</name>
    <message>
        <location filename="../gui/SendsPage.cpp" line="40"/>
        <source>&amp;Retry now</source>
        <translation>Jetzt &amp;wiederholen</translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="41"/>
        <source>&amp;Cancel</source>
        <translation>&amp;Abbrechen</translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="59"/>
        <source>All statuses</source>
        <translation>Alle Status</translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="62"/>
        <source>All sources</source>
        <translation>Alle Quellen</translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="65"/>
        <source>Recipient contains…</source>
        <translation>Empfänger enthält …</translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="66"/>
        <source>Subject contains…</source>
        <translation>Betreff enthält …</translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="96"/>
        <source>#</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="96"/>
        <source>Started</source>
        <translation>Begonnen</translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="96"/>
        <source>Transport</source>
        <translation>Transport</translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="96"/>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="96"/>
        <location filename="../gui/SendsPage.cpp" line="197"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="96"/>
        <source>Detail</source>
        <translation>Einzelheiten</translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="101"/>
        <source>Resend &amp;via…</source>
        <translation>Erneut senden &amp;über …</translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="107"/>
        <source>Queued for another attempt.</source>
        <translation>Für einen weiteren Versuch eingereiht.</translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="110"/>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="161"/>
        <source>Select a message to see its delivery attempts.</source>
        <translation>Wählen Sie eine Nachricht, um ihre Zustellversuche zu sehen.</translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="194"/>
        <source>Subject</source>
        <translation>Betreff</translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="195"/>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="196"/>
        <source>To</source>
        <translation>An</translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="198"/>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="204"/>
        <source>Transports</source>
        <translation>Transporte</translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="205"/>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="207"/>
        <source>Provider id</source>
        <translation>Anbieter-ID</translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="209"/>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="211"/>
        <source>Resent from</source>
        <translation>Erneut gesendet von</translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="212"/>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="251"/>
        <source>Its own route</source>
        <translation>Ihre eigene Route</translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="254"/>
        <source>Resent as a new message.</source>
        <translation>Als neue Nachricht erneut gesendet.</translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="263"/>
        <source>Resent through %1 as a new message.</source>
        <translation>Über %1 als neue Nachricht erneut gesendet.</translation>
    </message>
    <message>
        <location filename="../gui/SendsPage.cpp" line="272"/>
        <source>Working…</source>
        <translation>Wird ausgeführt …</translation>
    </message>
</context>
<context>
    <name>Postrider::TransportsModel</name>
    <message>
        <location filename="../gui/TransportsModel.cpp" line="26"/>
        <source>Failing (circuit open)</source>
        <translation>Gestört (Schutzschalter offen)</translation>
    </message>
    <message>
        <location filename="../gui/TransportsModel.cpp" line="28"/>
        <source>Testing (circuit half-open)</source>
        <translation>Wird geprüft (Schutzschalter halb offen)</translation>
    </message>
    <message>
        <location filename="../gui/TransportsModel.cpp" line="30"/>
        <source>Working</source>
        <translation>Funktioniert</translation>
    </message>
    <message>
        <location filename="../gui/TransportsModel.cpp" line="32"/>
        <source>Paused</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <location filename="../gui/TransportsModel.cpp" line="80"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../gui/TransportsModel.cpp" line="82"/>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location filename="../gui/TransportsModel.cpp" line="84"/>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location filename="../gui/TransportsModel.cpp" line="86"/>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <location filename="../gui/TransportsModel.cpp" line="88"/>
        <source>Failed attempts</source>
        <translation>Fehlversuche</translation>
    </message>
</context>
<context>
    <name>Postrider::TransportsPage</name>
    <message>
        <location filename="../gui/TransportsPage.cpp" line="21"/>
        <source>&amp;Pause</source>
        <translation>&amp;Anhalten</translation>
    </message>
    <message>
        <location filename="../gui/TransportsPage.cpp" line="22"/>
        <source>Res&amp;ume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <location filename="../gui/TransportsPage.cpp" line="23"/>
        <source>Reset &amp;breaker</source>
        <translation>Schutzschalter &amp;zurücksetzen</translation>
    </message>
    <message>
        <location filename="../gui/TransportsPage.cpp" line="24"/>
        <source>Send &amp;test message…</source>
        <translation>&amp;Testnachricht senden …</translation>
    </message>
    <message>
        <location filename="../gui/TransportsPage.cpp" line="34"/>
        <source>Stop starting deliveries through this transport; messages wait.</source>
        <translation>Keine neuen Zustellungen über diesen Transport beginnen; Nachrichten warten.</translation>
    </message>
    <message>
        <location filename="../gui/TransportsPage.cpp" line="35"/>
        <source>Close the circuit breaker so deliveries are tried again at once.</source>
        <translation>Den Schutzschalter schließen, damit Zustellungen sofort wieder versucht werden.</translation>
    </message>
</context>
<context>
    <name>Postrider::TrayIcon</name>
    <message>
        <location filename="../gui/TrayIcon.cpp" line="22"/>
        <source>&amp;Open Postrider</source>
        <translation>Postrider ö&amp;ffnen</translation>
    </message>
    <message>
        <location filename="../gui/TrayIcon.cpp" line="23"/>
        <source>&amp;Pause all transports</source>
        <translation>Alle Transporte &amp;anhalten</translation>
    </message>
    <message>
        <location filename="../gui/TrayIcon.cpp" line="24"/>
        <source>&amp;Resume all transports</source>
        <translation>Alle Transporte &amp;fortsetzen</translation>
    </message>
    <message>
        <location filename="../gui/TrayIcon.cpp" line="26"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../gui/TrayIcon.cpp" line="52"/>
        <source>Postrider: %1</source>
        <translation>Postrider: %1</translation>
    </message>
</context>
<context>
    <name>StatusPresenter</name>
    <message>
        <location filename="../gui/StatusPresenter.cpp" line="11"/>
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <location filename="../gui/StatusPresenter.cpp" line="13"/>
        <source>Access denied</source>
        <translation>Zugriff verweigert</translation>
    </message>
    <message>
        <location filename="../gui/StatusPresenter.cpp" line="15"/>
        <source>Outbox error</source>
        <translation>Fehler im Postausgang</translation>
    </message>
    <message>
        <location filename="../gui/StatusPresenter.cpp" line="17"/>
        <source>Needs attention</source>
        <translation>Braucht Aufmerksamkeit</translation>
    </message>
    <message>
        <location filename="../gui/StatusPresenter.cpp" line="19"/>
        <source>Sending</source>
        <translation>Wird gesendet</translation>
    </message>
    <message>
        <location filename="../gui/StatusPresenter.cpp" line="21"/>
        <source>Idle</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <location filename="../gui/StatusPresenter.cpp" line="30"/>
        <source>Waiting for the Postrider daemon…</source>
        <translation>Warte auf den Postrider-Dienst …</translation>
    </message>
    <message>
        <location filename="../gui/StatusPresenter.cpp" line="38"/>
        <source>The outbox cannot store messages.</source>
        <translation>Der Postausgang kann keine Nachrichten speichern.</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/StatusPresenter.cpp" line="40"/>
        <source>%n transport(s) failing</source>
        <translation>
            <numerusform>%n Transport gestört</numerusform>
            <numerusform>%n Transporte gestört</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/StatusPresenter.cpp" line="42"/>
        <source>%n transport(s) paused</source>
        <translation>
            <numerusform>%n Transport angehalten</numerusform>
            <numerusform>%n Transporte angehalten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/StatusPresenter.cpp" line="44"/>
        <source>%n message(s) waiting to be retried</source>
        <translation>
            <numerusform>%n Nachricht wartet auf Wiederholung</numerusform>
            <numerusform>%n Nachrichten warten auf Wiederholung</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/StatusPresenter.cpp" line="46"/>
        <source>%n message(s) being sent</source>
        <translation>
            <numerusform>%n Nachricht wird gesendet</numerusform>
            <numerusform>%n Nachrichten werden gesendet</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../gui/StatusPresenter.cpp" line="48"/>
        <source>All messages delivered.</source>
        <translation>Alle Nachrichten zugestellt.</translation>
    </message>
</context>
</TS>
