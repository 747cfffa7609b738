# Finds KMime built for Qt 6 and sets POSTRIDER_KMIME_TARGET (and POSTRIDER_KMIME_LIBDIR when the
# library lives in a private prefix that installed binaries must reach through RUNPATH).
#
#  * Distros with KDE Gear >= 24.02 (Debian 13, Ubuntu 25.10) ship KPim6Mime / KPim6::Mime.
#  * Debian 12 and Ubuntu 24.04 have only Qt 5 KMime; scripts/bootstrap.sh builds KMime 22.12.3
#    for Qt 6 into a cache prefix (kdeps-qt6-<version>-<build revision>; keep in step with it). That build keeps the "KF5" package names (KF5Mime / KF5::Mime).
#  * A Qt 5 KF5Mime is refused: it cannot be loaded into a Qt 6 process.

set(_kdeps_cache "$ENV{POSTRIDER_CACHE}")
if(NOT _kdeps_cache)
    if(DEFINED ENV{XDG_CACHE_HOME} AND NOT "$ENV{XDG_CACHE_HOME}" STREQUAL "")
        set(_kdeps_cache "$ENV{XDG_CACHE_HOME}/postrider")
    else()
        set(_kdeps_cache "$ENV{HOME}/.cache/postrider")
    endif()
endif()
set(POSTRIDER_KDEPS_PREFIX "${_kdeps_cache}/kdeps-qt6-22.12.3-2" CACHE PATH
    "Prefix of the KMime-for-Qt-6 build made by scripts/bootstrap.sh")

find_package(KPim6Mime CONFIG QUIET)
if(TARGET KPim6::Mime)
    set(POSTRIDER_KMIME_TARGET KPim6::Mime)
    message(STATUS "KMime: distro KPim6Mime ${KPim6Mime_VERSION}")
else()
    # A build tree configured against an older cache keeps the old package dirs in its cache;
    # drop them so the prefix chosen now is the one used.
    foreach(_pkg KF5Codecs KF5I18n KF5Mime)
        if(${_pkg}_DIR AND NOT "${${_pkg}_DIR}" MATCHES "^${POSTRIDER_KDEPS_PREFIX}/")
            unset(${_pkg}_DIR CACHE)
        endif()
    endforeach()
    list(PREPEND CMAKE_PREFIX_PATH "${POSTRIDER_KDEPS_PREFIX}")
    find_package(KF5I18n CONFIG QUIET)     # KF5MimeConfig forgets this dependency for static builds
    find_package(KF5Mime 5.22 CONFIG QUIET)
    if(NOT KF5Mime_FOUND)
        message(FATAL_ERROR "KMime for Qt 6 not found. Run scripts/bootstrap.sh (it builds KMime "
            "into ${POSTRIDER_KDEPS_PREFIX}) or set POSTRIDER_KDEPS_PREFIX.")
    endif()
    if(TARGET Qt5::Core)
        message(FATAL_ERROR "KF5Mime at ${KF5Mime_DIR} is a Qt 5 build and cannot be used with Qt 6. "
            "Run scripts/bootstrap.sh and point POSTRIDER_KDEPS_PREFIX at its Qt 6 build.")
    endif()
    set(POSTRIDER_KMIME_TARGET KF5::Mime)
    get_filename_component(_kmime_libdir "${KF5Mime_DIR}/../.." ABSOLUTE)
    set(POSTRIDER_KMIME_LIBDIR "${_kmime_libdir}")
    message(STATUS "KMime: Qt 6 build of KF5Mime ${KF5Mime_VERSION} from ${KF5Mime_DIR}")
endif()
