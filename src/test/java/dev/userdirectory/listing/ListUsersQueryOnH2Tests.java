package dev.userdirectory.listing;

import dev.userdirectory.support.OnH2;

@OnH2
class ListUsersQueryOnH2Tests extends AbstractListUsersQueryTests {

}
