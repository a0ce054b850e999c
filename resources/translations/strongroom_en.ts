<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>Controller</name>
    <message numerus="yes">
        <source>{name} was idle for %n minute(s).</source>
        <translation>
            <numerusform>{name} was idle for %n minute.</numerusform>
            <numerusform>{name} was idle for %n minutes.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HealthDialog</name>
    <message numerus="yes">
        <source>%n folder(s)</source>
        <translation>
            <numerusform>%n folder</numerusform>
            <numerusform>%n folders</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n file</numerusform>
            <numerusform>%n files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n link(s)</source>
        <translation>
            <numerusform>%n link</numerusform>
            <numerusform>%n links</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>No damage; %n note(s)</source>
        <translation>
            <numerusform>No damage; %n note</numerusform>
            <numerusform>No damage; %n notes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) need attention</source>
        <translation>
            <numerusform>%n problem needs attention</numerusform>
            <numerusform>%n problems need attention</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>They are locked before Strongroom quits.</source>
        <translation>
            <numerusform>It is locked before Strongroom quits.</numerusform>
            <numerusform>They are locked before Strongroom quits.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n vault(s) unlocked: {names}.</source>
        <translation>
            <numerusform>%n vault is unlocked: {names}.</numerusform>
            <numerusform>%n vaults are unlocked: {names}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OpenFiles</name>
    <message numerus="yes">
        <source>... and %n more program(s)</source>
        <translation>
            <numerusform>... and %n more program</numerusform>
            <numerusform>... and %n more programs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{names} and %n more</source>
        <translation>
            <numerusform>{names} and %n more</numerusform>
            <numerusform>{names} and %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PasswordStrength</name>
    <message numerus="yes">
        <source>Use at least %n characters.</source>
        <translation>
            <numerusform>Use at least %n character.</numerusform>
            <numerusform>Use at least %n characters.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Stats</name>
    <message numerus="yes">
        <source>%n s ago</source>
        <translation>
            <numerusform>%n s ago</numerusform>
            <numerusform>%n s ago</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message numerus="yes">
        <source>Wait %n s</source>
        <translation>
            <numerusform>Wait %n s</numerusform>
            <numerusform>Wait %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Wrong password (%n attempts). Check Caps Lock and try again.</source>
        <translation>
            <numerusform>Wrong password (%n attempt). Check Caps Lock and try again.</numerusform>
            <numerusform>Wrong password (%n attempts). Check Caps Lock and try again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Please wait %n second(s) before the next try.</source>
        <translation>
            <numerusform>Please wait %n second before the next try.</numerusform>
            <numerusform>Please wait %n seconds before the next try.</numerusform>
        </translation>
    </message>
</context>
</TS>
