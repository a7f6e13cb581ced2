// A login script for `shoreline conform --authorize-with browser`: signs a test user in on an
// identity provider's hosted sign-in page and allows the app on its consent page, if it shows one.
// Shoreline calls the default export with a playwright-core `page` already on the provider's page,
// and reads the code from the redirect back to the app once the user is done.
//
// Credentials come from the environment, never from the command line:
//   SHORELINE_LOGIN_USERNAME, SHORELINE_LOGIN_PASSWORD   the test user (the password is redacted
//                                                        from everything Shoreline writes)
// Selectors default to a hosted UI whose form fields are named username and password, with the
// submit button named signInSubmitButton (Amazon Cognito's hosted UI, the reference server's
// `serve --sign-in`); set any of these to fit another provider:
//   SHORELINE_LOGIN_USERNAME_SELECTOR, SHORELINE_LOGIN_PASSWORD_SELECTOR,
//   SHORELINE_LOGIN_SUBMIT_SELECTOR, SHORELINE_LOGIN_CONSENT_SELECTOR, SHORELINE_LOGIN_ERROR_SELECTOR
// A username and password on separate pages (username, Next, password) work too. The script never
// submits the credentials twice: a provider that refuses them once would lock the account.

export default async function login({ page, env, redirectUri }) {
  const username = env.SHORELINE_LOGIN_USERNAME
  const password = env.SHORELINE_LOGIN_PASSWORD
  if (!username || !password) throw new Error('set the test user in SHORELINE_LOGIN_USERNAME and SHORELINE_LOGIN_PASSWORD')
  const sel = {
    username: env.SHORELINE_LOGIN_USERNAME_SELECTOR ?? 'input[name="username"]:visible',
    password: env.SHORELINE_LOGIN_PASSWORD_SELECTOR ?? 'input[name="password"]:visible, input[type="password"]:visible',
    submit: env.SHORELINE_LOGIN_SUBMIT_SELECTOR ?? '[name="signInSubmitButton"]:visible, button[type="submit"]:visible, input[type="submit"]:visible',
    consent: env.SHORELINE_LOGIN_CONSENT_SELECTOR ?? 'button[name="approve"]:visible, button:has-text("Allow"):visible, button:has-text("Accept"):visible',
    error: env.SHORELINE_LOGIN_ERROR_SELECTOR ?? '[role="alert"]:visible, .error:visible',
  }
  const visible = (s) => page.locator(s).first().isVisible()
  const submitted = { username: false, password: false }
  // One page after another until the provider sends the browser back to the app (Shoreline stops
  // this page then, and bounds the whole sign-in with --login-timeout).
  while (!page.isClosed() && !page.url().startsWith(redirectUri)) {
    if (submitted.password && (await visible(sel.password))) {
      const said = (await visible(sel.error)) ? await page.locator(sel.error).first().innerText() : 'the sign-in form came back'
      throw new Error(`the identity provider did not accept the test user: ${said.trim()}`)
    }
    if (!submitted.username && (await visible(sel.username))) {
      await page.locator(sel.username).first().fill(username)
      submitted.username = true
      // Both on one page, or the password on the next (submitted after the Next button).
      if (await visible(sel.password)) {
        await page.locator(sel.password).first().fill(password)
        submitted.password = true
      }
      await andWait(page, () => page.locator(sel.submit).first().click())
    } else if (submitted.username && !submitted.password && (await visible(sel.password))) {
      await page.locator(sel.password).first().fill(password)
      submitted.password = true
      await andWait(page, () => page.locator(sel.submit).first().click())
    } else if (await visible(sel.consent)) {
      await andWait(page, () => page.locator(sel.consent).first().click())
    } else {
      await page.waitForTimeout(200)
    }
  }
}

/** Does `act` and waits for the page it leads to (or 10 s, for a page that answers in place). */
async function andWait(page, act) {
  let timer
  let onNav
  let onClose
  const moved = new Promise((resolve) => {
    onNav = (frame) => frame === page.mainFrame() && resolve()
    onClose = () => resolve()
    page.on('framenavigated', onNav)
    // Shoreline closes the page as soon as the browser is sent back to the app.
    page.once('close', onClose)
    timer = setTimeout(resolve, 10_000)
  })
  try {
    await act()
    await moved
    await page.waitForLoadState('domcontentloaded')
  } catch (err) {
    // The page closed under us: the browser was sent back to the app and Shoreline has the code.
    if (!page.isClosed()) throw err
  } finally {
    clearTimeout(timer)
    page.off('framenavigated', onNav)
    page.off('close', onClose)
  }
}
