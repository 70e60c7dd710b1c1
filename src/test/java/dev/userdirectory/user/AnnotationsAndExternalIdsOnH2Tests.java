package dev.userdirectory.user;

import dev.userdirectory.support.OnH2;

@OnH2
class AnnotationsAndExternalIdsOnH2Tests extends AbstractAnnotationsAndExternalIdsTests {

}
